// A SPARQL 1.1 Protocol server over Apache Jena ARQ and TDB2, for kg's tests (tests/jenaserver.py).
//
// It reads a Fuseki configuration file (the README's: a fuseki:Service with query and update
// endpoints over a tdb2:DatasetTDB2 with tdb2:unionDefaultGraph) and answers as Fuseki does
// for what kg sends: queries parsed and run by ARQ with ARQ syntax, each in a read transaction
// on the assembled dataset; each update request parsed whole and run in one write transaction;
// results negotiated from Accept; a parse error is a 400 with Jena's message.
// The HTTP layer is the JDK's com.sun.net.httpserver (Fuseki's is Jetty); the engine is Jena's.
//
// java -cp CLASSES:JARS JenaSparqlServer --port 3030 --config kg.ttl

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.jena.assembler.Assembler;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.core.assembler.AssemblerUtils;
import org.apache.jena.sparql.resultset.ResultsWriter;
import org.apache.jena.sys.JenaSystem;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;
import org.apache.jena.vocabulary.RDF;

public final class JenaSparqlServer {
    static final String FUSEKI = "http://jena.apache.org/fuseki#";

    private final Dataset dataset;

    JenaSparqlServer(Dataset dataset) {
        this.dataset = dataset;
    }

    public static void main(String[] args) throws IOException {
        int port = 3030;
        String config = null;
        for (int i = 0; i < args.length - 1; i += 2) {
            if (args[i].equals("--port")) port = Integer.parseInt(args[i + 1]);
            else if (args[i].equals("--config")) config = args[i + 1];
            else throw new IllegalArgumentException("unknown option " + args[i]);
        }
        if (config == null) throw new IllegalArgumentException("--config FILE is required");
        JenaSystem.init();
        Model model = AssemblerUtils.readAssemblerFile(config);
        Property fname = model.createProperty(FUSEKI, "name");
        Resource service = model.listResourcesWithProperty(RDF.type, model.createResource(FUSEKI + "Service")).next();
        String name = service.getProperty(fname).getString();
        Resource datasetDesc = service.getPropertyResourceValue(model.createProperty(FUSEKI, "dataset"));
        JenaSparqlServer server = new JenaSparqlServer((Dataset) Assembler.general.open(datasetDesc));
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        for (RDFNode node : model.listObjectsOfProperty(service, model.createProperty(FUSEKI, "endpoint")).toList()) {
            Resource endpoint = node.asResource();
            String op = endpoint.getPropertyResourceValue(model.createProperty(FUSEKI, "operation")).getLocalName();
            String path = "/" + name + "/" + endpoint.getProperty(fname).getString();
            http.createContext(path, exchange -> server.handle(exchange, op));
        }
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        System.err.println("JenaSparqlServer: /" + name + " on 127.0.0.1:" + port);
    }

    void handle(HttpExchange exchange, String operation) throws IOException {
        try {
            Map<String, String> params = params(exchange);
            if (params.containsKey("default-graph-uri") || params.containsKey("named-graph-uri")) {
                reply(exchange, 400, "text/plain", "this test server does not take a protocol dataset");
                return;
            }
            if (operation.equals("query")) {
                String text = params.get("query");
                if (text == null) reply(exchange, 400, "text/plain", "no query given");
                else query(exchange, text);
            } else if (operation.equals("update")) {
                String text = params.get("update");
                if (text == null || !exchange.getRequestMethod().equals("POST"))
                    reply(exchange, 400, "text/plain", "no update given (POST one)");
                else update(exchange, text);
            } else {
                reply(exchange, 404, "text/plain", "no such operation: " + operation);
            }
        } catch (QueryParseException e) {
            reply(exchange, 400, "text/plain", "Parse error: \n" + e.getMessage());
        } catch (RuntimeException e) {
            reply(exchange, 500, "text/plain", "Server error: " + e);
        } finally {
            exchange.close();
        }
    }

    /** The request's parameters: the query string, then a form body or a direct query/update body. */
    static Map<String, String> params(HttpExchange exchange) throws IOException {
        Map<String, String> out = new HashMap<>();
        form(exchange.getRequestURI().getRawQuery(), out);
        if (exchange.getRequestMethod().equals("POST")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).split(";")[0].trim();
            if (type.equals("application/sparql-query")) out.put("query", body);
            else if (type.equals("application/sparql-update")) out.put("update", body);
            else if (type.equals("application/x-www-form-urlencoded")) form(body, out);
        }
        return out;
    }

    static void form(String encoded, Map<String, String> out) {
        if (encoded == null || encoded.isEmpty()) return;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }

    void query(HttpExchange exchange, String text) throws IOException {
        Query query = QueryFactory.create(text, Syntax.syntaxARQ);
        String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String type;
        dataset.begin(ReadWrite.READ);
        try (QueryExecution exec = QueryExecution.dataset(dataset).query(query).build()) {
            if (query.isSelectType() || query.isAskType()) {
                Lang lang = resultsLang(accept);
                ResultsWriter writer = ResultsWriter.create().lang(lang).build();
                if (query.isSelectType()) writer.write(out, exec.execSelect());
                else writer.write(out, exec.execAsk());
                type = lang.getContentType().getContentTypeStr();
            } else {
                Lang lang = rdfLang(accept);
                Model model = query.isConstructType() ? exec.execConstruct() : exec.execDescribe();
                RDFDataMgr.write(out, model, lang);
                type = lang.getContentType().getContentTypeStr();
            }
        } finally {
            dataset.end();
        }
        reply(exchange, 200, type + "; charset=utf-8", out.toByteArray());
    }

    void update(HttpExchange exchange, String text) throws IOException {
        UpdateRequest request = UpdateFactory.create(text, Syntax.syntaxARQ);
        dataset.begin(ReadWrite.WRITE);
        try {
            UpdateAction.execute(request, dataset);
            dataset.commit();
        } finally {
            dataset.end(); // aborts when not committed
        }
        reply(exchange, 200, "text/plain", "Update succeeded\n");
    }

    static final Map<String, Lang> RESULTS = Map.of(
            "application/sparql-results+json", ResultSetLang.RS_JSON,
            "application/json", ResultSetLang.RS_JSON,
            "application/sparql-results+xml", ResultSetLang.RS_XML,
            "application/xml", ResultSetLang.RS_XML,
            "text/csv", ResultSetLang.RS_CSV,
            "text/tab-separated-values", ResultSetLang.RS_TSV);

    static final Map<String, Lang> GRAPHS = Map.of(
            "application/n-triples", Lang.NTRIPLES,
            "text/turtle", Lang.TURTLE,
            "application/rdf+xml", Lang.RDFXML,
            "application/ld+json", Lang.JSONLD);

    static Lang resultsLang(String accept) {
        return negotiate(accept, RESULTS, ResultSetLang.RS_JSON);
    }

    static Lang rdfLang(String accept) {
        return negotiate(accept, GRAPHS, Lang.TURTLE);
    }

    /** The offered type with the highest q in Accept (the first on a tie), else the default. */
    static Lang negotiate(String accept, Map<String, Lang> offers, Lang fallback) {
        Lang best = fallback;
        double bestQ = 0;
        for (String item : accept.split(",")) {
            String[] parts = item.split(";");
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) q = Double.parseDouble(p.substring(2));
            }
            Lang lang = offers.get(parts[0].trim().toLowerCase());
            if (lang != null && q > bestQ) {
                best = lang;
                bestQ = q;
            }
        }
        return best;
    }

    static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        reply(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }
}
