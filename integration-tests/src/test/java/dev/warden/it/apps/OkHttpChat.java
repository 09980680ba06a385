package dev.warden.it.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A hand-written chat client on OkHttp, plain and streamed (reads the SSE lines and joins the deltas). */
final class OkHttpChat {

    private OkHttpChat() {
    }

    static String chat(String baseUrl, String json, boolean stream) throws Exception {
        Request request = new Request.Builder().url(baseUrl + "/chat/completions")
                .post(RequestBody.create(json, MediaType.get("application/json"))).build();
        try (Response response = new OkHttpClient().newCall(request).execute()) {
            if (!stream) {
                return ProtectedChatApp.contentOf(response.body().string());
            }
            StringBuilder answer = new StringBuilder();
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int content = line.indexOf("\"content\":\"");
                if (line.startsWith("data: {") && content >= 0) {
                    answer.append(ProtectedChatApp.contentOf(line));
                }
            }
            return answer.toString();
        }
    }
}
