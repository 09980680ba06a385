package dev.warden.bench;

import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.protect.ProtectionCounts;
import dev.warden.agent.apply.protect.ProtectionRules;
import dev.warden.agent.apply.protect.RuleProtection;
import dev.warden.agent.apply.protect.TokenRestorer;
import dev.warden.agent.apply.protect.Tokenizer;
import dev.warden.agent.apply.protect.ValueBlocked;
import dev.warden.agent.apply.protect.ValueScanner;
import dev.warden.agent.config.DataKeys;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySections;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of data protection on request bodies: one scan of every built-in detector over 1 KiB of prose with
 * nothing to find and over the 8 KiB chat request with seven values to find; the whole protection of that request
 * (JSON parsed, four e-mails and two cards tokenized, the key redacted; the values seen before, as in a
 * conversation resent every turn); one tokenization and one restore of a value never seen before (a fresh
 * tokenizer each time: the encryption itself); and restoring the tokens of an 8 KiB response streamed in 1 KiB chunks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ProtectBenchmark {

    private static final String POLICY = """
            policy: bench
            egress:
              - to: "api.example.com:443"
                protect: { email: tokenize, payment_card: tokenize, secret: redact, phone: redact, iban: redact, us_ssn: redact }
                restore: true
            """;

    private ValueScanner allDetectors;
    private String prose1k;
    private String chat8k;
    private byte[] chat8kBytes;
    private RuleProtection protection;
    private Tokenizer tokenizer;
    private DataKeys dataKeys;
    private String token;
    private byte[] response8k;

    @Setup
    public void setUp() throws Exception {
        Path keys = Files.createTempFile("warden-bench", ".keys");
        Files.delete(keys);
        DataKeys.addNewKey(keys);
        dataKeys = DataKeys.load(keys.toString(), name -> null);
        Files.delete(keys);
        Policy policy = PolicyParser.parse(POLICY, "bench.yaml");
        protection = ProtectionRules.compile(policy, Optional.of(dataKeys)).forRule("egress[0]");
        allDetectors = ValueScanner.compile(policy.rules().get(PolicySections.EGRESS).get(0).protect(), List.of());
        prose1k = ChatRequestBody.prose(1);
        chat8k = ChatRequestBody.json(8);
        chat8kBytes = chat8k.getBytes(StandardCharsets.UTF_8);
        tokenizer = new Tokenizer(dataKeys);
        token = tokenizer.tokenize("jane.doe@example.com");
        StringBuilder response = new StringBuilder("{\"choices\":[{\"message\":{\"content\":\"");
        for (int i = 0; response.length() < 8 * 1024 - 200; i++) {
            response.append(i % 40 == 0 ? token : "word").append(' ');
        }
        response8k = response.append("\"}}]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public String scanProse1KiBNothingFound() throws ValueBlocked {
        return allDetectors.apply(prose1k, (detector, action, value) -> value);
    }

    @Benchmark
    public String scanChat8KiBSevenFound() throws ValueBlocked {
        return allDetectors.apply(chat8k, (detector, action, value) -> "x");
    }

    @Benchmark
    public byte[] protectChat8KiB() throws ValueBlocked {
        OutgoingRequest request = new OutgoingRequest("POST", URI.create("https://api.example.com/v1/chat/completions"),
                Map.of(), "application/json", chat8kBytes);
        protection.protect(request, new ProtectionCounts(), true);
        return request.body();
    }

    @Benchmark
    public String tokenizeOneNewValue() {
        return new Tokenizer(dataKeys).tokenize("jane.doe@example.com");
    }

    @Benchmark
    public String restoreOneNewToken() {
        return new Tokenizer(dataKeys).restore(token);
    }

    /** What building a tokenizer costs (deriving its keys), to subtract from the two above. */
    @Benchmark
    public Tokenizer newTokenizer() {
        return new Tokenizer(dataKeys);
    }

    @Benchmark
    public int restoreResponse8KiBIn1KiBChunks() {
        TokenRestorer restorer = new TokenRestorer(tokenizer, true, new ProtectionCounts());
        int out = 0;
        for (int at = 0; at < response8k.length; at += 1024) {
            out += restorer.chunk(response8k, at, Math.min(1024, response8k.length - at)).length;
        }
        return out + restorer.finish().length;
    }
}
