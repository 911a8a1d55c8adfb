// Check RDF files with the OWL API and the HermiT reasoner, as a researcher's OWL tools would.
//
//   java -cp '<lib>/*' OwlCheck.java FILE...
//
// The files (Turtle or N-Triples: the ontology, its concept schemes, then data)
// are read as ONE document, so that the data's properties are typed by the
// ontology's declarations, exactly as when an OWL tool loads a dump of the store
// together with the ontology. Prints one JSON object on stdout:
//
//   {"ontology": IRI, "version_iri": IRI, "axioms": N, "logical_axioms": N,
//    "profile": "OWL 2 DL", "violations": ["…", …],
//    "consistent": true|false|null, "unsatisfiable": ["class IRI", …],
//    "reasoner_error": "…" or null}
//
// HermiT runs in its default configuration (no ignoring of unsupported
// datatypes): a literal outside the OWL 2 datatype map is a reasoner_error.
// Exit code 0 when the check ran (whatever it found), 2 on unreadable input.

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.semanticweb.HermiT.ReasonerFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.StringDocumentSource;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

public class OwlCheck {

    static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String jsonList(Iterable<String> items) {
        StringBuilder b = new StringBuilder("[");
        boolean first = true;
        for (String s : items) {
            if (!first) {
                b.append(", ");
            }
            b.append(json(s));
            first = false;
        }
        return b.append(']').toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage : OwlCheck FICHIER...");
            System.exit(2);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String a : args) {
            try {
                all.write(Files.readAllBytes(Path.of(a)));
            } catch (java.io.IOException e) {
                System.err.println("fichier illisible : " + a + " (" + e.getMessage() + ")");
                System.exit(2);
            }
            all.write('\n');
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // Never fetch anything from the network: external terms are declared in the ontology itself.
        manager.setOntologyLoaderConfiguration(new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT));
        OWLOntology ont;
        try {
            ont = manager.loadOntologyFromOntologyDocument(new StringDocumentSource(
                    all.toString(StandardCharsets.UTF_8), "urn:ecosysteme:owlcheck", new TurtleDocumentFormat(), null));
        } catch (Exception e) {
            System.err.println("lecture impossible par l'OWL API : " + e.getMessage());
            System.exit(2);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ont);
        TreeSet<String> violations = new TreeSet<>();
        for (OWLProfileViolation v : report.getViolations()) {
            violations.add(v.toString());
        }
        String consistent = "null";
        String error = null;
        List<String> unsatisfiable = new ArrayList<>();
        try {
            OWLReasoner reasoner = new ReasonerFactory().createReasoner(ont);
            boolean ok = reasoner.isConsistent();
            consistent = Boolean.toString(ok);
            if (ok) {
                for (OWLClass c : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                    unsatisfiable.add(c.getIRI().toString());
                }
            }
            reasoner.dispose();
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Optional<IRI> iri = ont.getOntologyID().getOntologyIRI();
        Optional<IRI> version = ont.getOntologyID().getVersionIRI();
        System.out.println("{\"ontology\": " + json(iri.map(IRI::toString).orElse(null))
                + ", \"version_iri\": " + json(version.map(IRI::toString).orElse(null))
                + ", \"axioms\": " + ont.getAxiomCount()
                + ", \"logical_axioms\": " + ont.getLogicalAxiomCount()
                + ", \"profile\": " + json(report.getProfile().getName())
                + ", \"violations\": " + jsonList(violations)
                + ", \"consistent\": " + consistent
                + ", \"unsatisfiable\": " + jsonList(unsatisfiable)
                + ", \"reasoner_error\": " + json(error) + "}");
    }
}
