package dev.warden.policy.decide;

/**
 * What a section's compiled matcher is asked about one access, as a method reference
 * ({@code ProcessDecider::decide}) so that asking allocates nothing.
 *
 * @param <M> the section's matcher
 * @param <A> the access
 */
@FunctionalInterface
public interface SectionQuestion<M, A> {
    Verdict ask(M matcher, A access);
}
