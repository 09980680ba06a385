package dev.warden.agent.apply.protect;

import dev.warden.agent.config.DataKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Turns a sensitive value into a reversible token and back: AES-256-GCM-SIV under the data key's
 * {@code warden tokenize} key, with a nonce derived from the same key. GCM-SIV stays safe when a nonce repeats (it
 * then reveals only that two plaintexts are equal), which is exactly what a deterministic token needs: the same value
 * always gives the same token, so an LLM can still tell that two mentions are the same person. The 16-byte tag
 * authenticates the value: a token altered on the way back does not decrypt and is left as it is.
 *
 * <p>A token is {@code wdn_<key id>_<base64url>}: ASCII letters, digits, {@code _} and {@code -} only, so it needs no
 * escaping in JSON, URLs or headers, and it names the key it was made with, so older keys still restore it after
 * rotation.
 */
public final class Tokenizer {

    public static final String PREFIX = "wdn_";
    /** Key ids are 12 hex digits ({@link DataKeys}). */
    static final int KEY_ID_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    private static final byte[] ASSOCIATED = "warden token v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private record TokenKey(String id, byte[] key, byte[] nonce) {
    }

    /**
     * Tokens are deterministic, and a chat app resends its whole conversation every turn: the same values come by
     * again and again. Both directions are remembered (bounded; emptied when full), so a repeated value costs a map
     * lookup instead of an encryption. The values are the app's own, already in its memory.
     */
    static final int REMEMBERED = 4096;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final TokenKey current;
    private final Map<String, TokenKey> byId = new HashMap<>();

    public Tokenizer(DataKeys keys) {
        for (DataKeys.DataKey key : keys.all()) {
            byte[] nonce = Arrays.copyOf(key.derive("warden tokenize nonce"), NONCE_BYTES);
            byId.put(key.id(), new TokenKey(key.id(), key.derive("warden tokenize"), nonce));
        }
        current = byId.get(keys.current().id());
    }

    public String tokenize(String value) {
        String known = tokens.get(value);
        if (known != null) {
            return known;
        }
        String token = encrypt(value);
        remember(tokens, value, token);
        remember(values, token, value);
        return token;
    }

    private static void remember(Map<String, String> memory, String key, String value) {
        if (memory.size() >= REMEMBERED) {
            memory.clear();
        }
        memory.put(key, value);
    }

    private String encrypt(String value) {
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        GCMSIVBlockCipher cipher = cipher(true, current);
        byte[] sealed = new byte[cipher.getOutputSize(plain.length)];
        int written = cipher.processBytes(plain, 0, plain.length, sealed, 0);
        try {
            cipher.doFinal(sealed, written);
        } catch (InvalidCipherTextException impossible) {
            throw new IllegalStateException("encryption cannot fail on a valid key", impossible);
        }
        return PREFIX + current.id() + '_' + ENCODER.encodeToString(sealed);
    }

    /** The value a token stands for; null when its key is unknown here or it does not authenticate. */
    public String restore(CharSequence token) {
        String known = values.get(token.toString());
        if (known != null) {
            return known;
        }
        String value = decrypt(token);
        if (value != null) {
            remember(values, token.toString(), value);
        }
        return value;
    }

    private String decrypt(CharSequence token) {
        Parsed parsed = parse(token);
        if (parsed == null) {
            return null;
        }
        TokenKey key = byId.get(parsed.keyId);
        if (key == null) {
            return null;
        }
        GCMSIVBlockCipher cipher = cipher(false, key);
        byte[] plain = new byte[cipher.getOutputSize(parsed.sealed.length)];
        try {
            int written = cipher.processBytes(parsed.sealed, 0, parsed.sealed.length, plain, 0);
            written += cipher.doFinal(plain, written);
            return new String(plain, 0, written, StandardCharsets.UTF_8);
        } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException tampered) {
            return null;
        }
    }

    /** Whether the token names a key this tokenizer holds (a token of another deployment is left alone and counted). */
    public boolean knowsKeyOf(CharSequence token) {
        Parsed parsed = parse(token);
        return parsed != null && byId.containsKey(parsed.keyId);
    }

    private record Parsed(String keyId, byte[] sealed) {
    }

    private static Parsed parse(CharSequence token) {
        int bodyStart = PREFIX.length() + KEY_ID_LENGTH + 1;
        if (token.length() <= bodyStart + 16 || token.charAt(bodyStart - 1) != '_'
                || !PREFIX.contentEquals(token.subSequence(0, PREFIX.length()))) {
            return null;
        }
        try {
            String body = token.subSequence(bodyStart, token.length()).toString();
            byte[] sealed = DECODER.decode(body);
            // the decoder ignores unused low bits of the last character: only the one canonical spelling is a token
            return sealed.length < TAG_BITS / 8 || !ENCODER.encodeToString(sealed).equals(body) ? null
                    : new Parsed(token.subSequence(PREFIX.length(), PREFIX.length() + KEY_ID_LENGTH).toString(), sealed);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static GCMSIVBlockCipher cipher(boolean encrypt, TokenKey key) {
        GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key.key), TAG_BITS, key.nonce, ASSOCIATED));
        return cipher;
    }
}
