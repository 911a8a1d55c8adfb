// Import a graph file into the Gephi toolkit 0.10.1 (Gephi's own importers: GEXF, GraphML, spreadsheet CSV)
// and print what Gephi holds, one tab-separated line per fact, for tests/export/test_gephi.py:
//   ISSUE <level> <message>     every message of Gephi's import report
//   NODES <n> / EDGES <n>       counts after processing into a workspace
//   NODE <id> <label> <r,g,b> <size> <x> <y>
//   EDGE <source> <target> <kind> <directed|undirected> <number of time intervals (timeline)>
// Run with Java's single-file source launcher:
//   java -Djava.awt.headless=true -cp gephi-toolkit-0.10.1-all.jar GephiRead.java FILE
import java.io.File;
import java.util.Locale;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

public class GephiRead {
    /** Number of time intervals of an edge; "-" when the graph counts time in timestamps (spreadsheet import). */
    static String intervals(Edge e) {
        try {
            return Integer.toString(e.getIntervals().length);
        } catch (RuntimeException timestamps) {
            return "-";
        }
    }

    public static void main(String[] args) throws Exception {
        ProjectController project = Lookup.getDefault().lookup(ProjectController.class);
        project.newProject();
        Workspace workspace = project.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(new File(args[0]));
        for (Issue issue : container.getReport().getIssuesList(1_000_000)) {
            System.out.println("ISSUE\t" + issue.getLevel() + "\t" + issue.getMessage());
        }
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        Graph graph = model.getGraph();
        System.out.println("NODES\t" + graph.getNodeCount());
        System.out.println("EDGES\t" + graph.getEdgeCount());
        for (Node n : graph.getNodes()) {
            System.out.println(String.format(Locale.ROOT, "NODE\t%s\t%s\t%d,%d,%d\t%s\t%s\t%s", n.getId(), n.getLabel(),
                n.getColor().getRed(), n.getColor().getGreen(), n.getColor().getBlue(), n.size(), n.x(), n.y()));
        }
        for (Edge e : graph.getEdges()) {
            System.out.println("EDGE\t" + e.getSource().getId() + "\t" + e.getTarget().getId() + "\t"
                + model.getEdgeTypeLabel(e.getType()) + "\t" + (e.isDirected() ? "directed" : "undirected") + "\t"
                + intervals(e));
        }
    }
}
