/*
 * Apache Jena's SPARQL HTTP client (jena-arq, what rsparql and RDFConnection use) against an endpoint:
 * every query form, in each way Jena sends a query, with each Accept header Jena may send.
 *
 *   java -cp '<lib>/*' JenaClient.java ENDPOINT SELECT_FILE ASK_FILE CONSTRUCT_FILE DESCRIBE_FILE
 *
 * Prints one JSON object per line:
 *   {"form": "select", "mode": "asPost", "accept": "text/csv", "ok": true, "type": "text/csv", "value": 102}
 * where value is the number of rows (SELECT), the boolean (ASK) or the number of triples (CONSTRUCT,
 * DESCRIBE); on failure "ok" is false and "error" holds Jena's message.
 */

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTP;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTPBuilder;
import org.apache.jena.sparql.exec.http.QuerySendMode;

public class JenaClient {

    static final List<String> RESULT_ACCEPTS = List.of(
        "", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
        "text/tab-separated-values");
    static final List<String> GRAPH_ACCEPTS = List.of(
        "", "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
        "application/sparql-results+json", "text/csv");
    static final List<QuerySendMode> MODES = List.of(
        QuerySendMode.asGetAlways, QuerySendMode.asPostForm, QuerySendMode.asPost);

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Map<String, String> queries = new LinkedHashMap<>();
        String[] forms = {"select", "ask", "construct", "describe"};
        for (int i = 0; i < forms.length; i++) {
            queries.put(forms[i], Files.readString(Path.of(args[i + 1]), StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> entry : queries.entrySet()) {
            String form = entry.getKey();
            boolean graph = form.equals("construct") || form.equals("describe");
            for (QuerySendMode mode : MODES) {
                for (String accept : graph ? GRAPH_ACCEPTS : RESULT_ACCEPTS) {
                    System.out.println(run(endpoint, form, entry.getValue(), mode, accept));
                }
            }
        }
    }

    static String run(String endpoint, String form, String query, QuerySendMode mode, String accept) {
        String head = "{\"form\": " + json(form) + ", \"mode\": " + json(mode.name()) + ", \"accept\": " + json(accept);
        QueryExecutionHTTPBuilder builder = QueryExecutionHTTP.service(endpoint).query(query).sendMode(mode);
        if (!accept.isEmpty()) {
            builder.acceptHeader(accept);
        }
        try (QueryExecution qexec = builder.build()) {
            String value;
            switch (form) {
                case "select" -> {
                    ResultSet rows = qexec.execSelect();
                    int n = 0;
                    while (rows.hasNext()) {
                        rows.next();
                        n++;
                    }
                    value = Integer.toString(n);
                }
                case "ask" -> value = Boolean.toString(qexec.execAsk());
                case "construct" -> value = Long.toString(qexec.execConstruct().size());
                default -> {
                    Model model = qexec.execDescribe();
                    value = Long.toString(model.size());
                }
            }
            String type = ((QueryExecutionHTTP) qexec).getHttpResponseContentType();
            return head + ", \"ok\": true, \"type\": " + json(type == null ? "" : type) + ", \"value\": " + value + "}";
        } catch (Exception exc) {
            return head + ", \"ok\": false, \"error\": " + json(exc.getClass().getSimpleName() + ": " + exc.getMessage())
                + "}";
        }
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
