package dev.warden.agent.record.audit;

import dev.warden.json.JsonWriter;
import dev.warden.policy.decide.UrlPorts;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code audit report}: one self-contained HTML page (no external resource, so it can be mailed or
 * attached to a ticket) with decisions over time, the top destinations, denials by rule and by
 * tool, and the latest denials. Aggregation happens here; the page's small script only draws what
 * it is given, from a JSON block in the page.
 */
public final class AuditReport {

    private static final int BUCKETS = 48;
    private static final int TOP = 10;
    private static final int LATEST = 25;

    private final Map<String, Long> totals = new TreeMap<>();
    private final TreeMap<Long, long[]> perSecond = new TreeMap<>();
    private final Map<String, long[]> destinations = new HashMap<>();
    private final Map<String, Long> denialsByRule = new HashMap<>();
    private final Map<String, Long> denialsByTool = new HashMap<>();
    private final Deque<Map<String, Object>> latestDenials = new ArrayDeque<>();

    /** Takes one record as {@link AuditReader} gives it. */
    public void accept(Map<String, Object> record) {
        if (!"decision".equals(record.get("type"))) {
            return;
        }
        String decision = String.valueOf(record.get("decision"));
        boolean denied = !decision.equals("allow");
        totals.merge(decision, 1L, Long::sum);
        long second = record.get("at") instanceof Number at ? at.longValue() / 1000 : 0;
        long[] counts = perSecond.computeIfAbsent(second, s -> new long[3]);
        counts[decision.equals("allow") ? 0 : decision.equals("deny") ? 1 : 2]++;
        long[] destination = destinations.computeIfAbsent(destinationOf(record), d -> new long[2]);
        destination[0]++;
        if (denied) {
            destination[1]++;
            denialsByRule.merge(String.valueOf(record.get("rule")), 1L, Long::sum);
            Object scope = record.get("scope");
            denialsByTool.merge(scope == null ? "(no tool)" : String.valueOf(scope), 1L, Long::sum);
            latestDenials.addLast(record);
            if (latestDenials.size() > LATEST) {
                latestDenials.removeFirst();
            }
        }
    }

    /** The page; {@code integrity} is what {@code audit verify} said about the same log. */
    public String html(String title, String integrity, boolean intact) {
        JsonWriter data = new JsonWriter().beginObject();
        data.name("title").value(title).name("generated").value(Instant.now().toString())
                .name("integrity").value(integrity).name("intact").value(intact);
        data.name("totals").beginObject();
        totals.forEach((decision, count) -> data.name(decision).value(count));
        data.endObject();
        writeBuckets(data);
        data.name("destinations").beginArray();
        destinations.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .forEach(e -> data.beginArray().value(e.getKey()).value(e.getValue()[0]).value(e.getValue()[1]).endArray());
        data.endArray();
        writeTop(data, "denialsByRule", denialsByRule);
        writeTop(data, "denialsByTool", denialsByTool);
        data.name("latestDenials").beginArray();
        latestDenials.descendingIterator().forEachRemaining(record -> {
            data.beginObject();
            for (String field : List.of("time", "kind", "action", "target", "detail", "decision", "rule", "scope")) {
                Object value = record.get(field);
                if (value != null) {
                    data.name(field).value(String.valueOf(value));
                }
            }
            data.endObject();
        });
        data.endArray().endObject();
        // "</" cannot end the script element when escaped; JSON reads "<\/" as "</"
        String json = data.toString().replace("</", "<\\/");
        return PAGE.replace("@TITLE@", escapeHtml(title)).replace("@DATA@", json);
    }

    private void writeBuckets(JsonWriter data) {
        data.name("buckets").beginArray();
        if (!perSecond.isEmpty()) {
            long first = perSecond.firstKey();
            long last = perSecond.lastKey();
            long width = Math.max(1, (last - first + BUCKETS) / BUCKETS);
            long[][] buckets = new long[(int) ((last - first) / width) + 1][3];
            perSecond.forEach((second, counts) -> {
                long[] bucket = buckets[(int) ((second - first) / width)];
                for (int i = 0; i < 3; i++) {
                    bucket[i] += counts[i];
                }
            });
            for (int i = 0; i < buckets.length; i++) {
                data.beginObject().name("t").value(Instant.ofEpochSecond(first + i * width).toString())
                        .name("allow").value(buckets[i][0]).name("deny").value(buckets[i][1])
                        .name("audit").value(buckets[i][2]).endObject();
            }
        }
        data.endArray();
    }

    private static void writeTop(JsonWriter data, String name, Map<String, Long> counts) {
        data.name(name).beginArray();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .forEach(e -> data.beginArray().value(e.getKey()).value(e.getValue()).endArray());
        data.endArray();
    }

    /** Egress by host and port; other kinds by their target. */
    private static String destinationOf(Map<String, Object> record) {
        String target = String.valueOf(record.get("target"));
        if ("egress".equals(record.get("kind")) && target.contains("://")) {
            try {
                URI uri = new URI(target);
                return uri.getHost() + ":" + UrlPorts.of(uri);
            } catch (Exception notAUri) {
                return target;
            }
        }
        return record.get("kind") + " " + target;
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>@TITLE@</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
            h1{font-size:20px;margin:0 0 4px} h2{font-size:15px;margin:24px 0 8px}
            .muted{color:#667} .ok{color:#176d2c} .bad{color:#b3261e;font-weight:600}
            .cards{display:flex;gap:12px;margin:16px 0} .card{background:#fff;border:1px solid #dde;border-radius:6px;padding:10px 16px}
            .card b{display:block;font-size:22px} .grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}
            table{border-collapse:collapse;width:100%;background:#fff} td,th{border-bottom:1px solid #eef;padding:4px 8px;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums} .bar{height:10px;background:#4a78c2;display:inline-block}
            .bar.deny{background:#d2453b} svg{background:#fff;border:1px solid #dde;border-radius:6px}
            .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
            code{font-size:12px;word-break:break-all}
            </style></head>
            <body>
            <h1 id="title"></h1>
            <div class="muted" id="generated"></div>
            <div id="integrity"></div>
            <div class="cards" id="totals"></div>
            <h2>Decisions over time</h2>
            <div class="legend muted"><span style="background:#4a78c2"></span>allow<span style="background:#d2453b"></span>deny<span style="background:#e5a50a"></span>audit-deny</div>
            <svg id="timeline" width="960" height="180" role="img" aria-label="decisions over time"></svg>
            <div class="grid">
              <div><h2>Top destinations</h2><table id="destinations"><tr><th>destination</th><th>decisions</th><th>denied</th></tr></table></div>
              <div><h2>Denials by rule</h2><table id="denialsByRule"><tr><th>rule</th><th>denials</th></tr></table>
                   <h2>Denials by tool</h2><table id="denialsByTool"><tr><th>tool</th><th>denials</th></tr></table></div>
            </div>
            <h2>Latest denials</h2>
            <table id="latestDenials"><tr><th>time</th><th>kind</th><th>action</th><th>target</th><th>rule</th><th>tool</th></tr></table>
            <script type="application/json" id="data">@DATA@</script>
            <script>
            "use strict";
            const d = JSON.parse(document.getElementById("data").textContent);
            const text = (el, s) => { el.textContent = s; return el; };
            const add = (parent, tag, cls) => { const el = document.createElement(tag); if (cls) el.className = cls; parent.appendChild(el); return el; };
            text(document.getElementById("title"), d.title);
            text(document.getElementById("generated"), "generated " + d.generated);
            text(add(document.getElementById("integrity"), "span", d.intact ? "ok" : "bad"), (d.intact ? "chain intact: " : "chain NOT intact: ") + d.integrity);
            for (const [name, count] of Object.entries(d.totals)) {
              const card = add(document.getElementById("totals"), "div", "card"); text(add(card, "b"), count); text(add(card, "span"), name);
            }
            const svg = document.getElementById("timeline"), ns = "http://www.w3.org/2000/svg";
            const max = Math.max(1, ...d.buckets.map(b => b.allow + b.deny + b.audit));
            const w = 920 / Math.max(1, d.buckets.length);
            d.buckets.forEach((b, i) => {
              let y = 160;
              for (const [key, color] of [["allow", "#4a78c2"], ["deny", "#d2453b"], ["audit", "#e5a50a"]]) {
                const h = 150 * b[key] / max;
                if (h <= 0) continue;
                const r = document.createElementNS(ns, "rect");
                r.setAttribute("x", 20 + i * w); r.setAttribute("y", y - h); r.setAttribute("width", Math.max(1, w - 2)); r.setAttribute("height", h);
                r.setAttribute("fill", color); r.setAttribute("class", "bucket " + key);
                const tip = document.createElementNS(ns, "title"); tip.textContent = b.t + ": " + b[key] + " " + key; r.appendChild(tip);
                svg.appendChild(r); y -= h;
              }
            });
            const rows = (id, list, render) => { const table = document.getElementById(id); list.forEach(item => render(add(table, "tr"), item)); };
            const topCount = list => Math.max(1, ...list.map(x => x[1]));
            const dmax = topCount(d.destinations);
            rows("destinations", d.destinations, (tr, [name, count, denied]) => {
              text(add(add(tr, "td"), "code"), name);
              const c = add(tr, "td", "n"); add(c, "span", "bar").style.width = (80 * count / dmax) + "px"; c.append(" " + count);
              text(add(tr, "td", "n"), denied);
            });
            for (const id of ["denialsByRule", "denialsByTool"]) {
              const m = topCount(d[id]);
              rows(id, d[id], (tr, [name, count]) => {
                text(add(add(tr, "td"), "code"), name);
                const c = add(tr, "td", "n"); add(c, "span", "bar deny").style.width = (80 * count / m) + "px"; c.append(" " + count);
              });
            }
            rows("latestDenials", d.latestDenials, (tr, r) => {
              for (const f of ["time", "kind", "action", "target", "rule", "scope"]) text(add(tr, "td"), r[f] || "");
            });
            document.body.dataset.rendered = "true";
            </script>
            </body></html>
            """;
}
