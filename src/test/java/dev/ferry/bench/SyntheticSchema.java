package dev.ferry.bench;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Catalogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A schema shaped like a large application's: tables in 15 layers, each table beyond the first
 * layer referencing one table of the layer above (so chains run 15 deep) and a few more of any
 * earlier layer, a third of those to ten popular lookup tables. A handful of small cycles is
 * injected by adding a key back up a chain, half broken by a nullable key, half by a deferrable
 * one, plus a few self-references (nullable, or NOT NULL and deferrable). The same seed always
 * gives the same schema.
 */
final class SyntheticSchema {

  static final int TABLES = 2_000;
  static final int FOREIGN_KEYS = 5_000;
  static final int LAYERS = 15;
  static final int CYCLES = 8;
  static final int SELF_REFERENCES = 5;
  private static final int HUBS = 10;

  private SyntheticSchema() {}

  static Catalog build(long seed) {
    Random random = new Random(seed);
    int perLayer = TABLES / LAYERS;
    Catalogs.Builder builder = Catalogs.builder();
    for (int t = 0; t < TABLES; t++) {
      builder.table(name(t));
    }
    List<int[]> chainEdges = new ArrayList<>();
    int keys = 0;
    for (int t = perLayer; t < TABLES; t++) {
      int parent = firstOf(layer(t, perLayer) - 1, perLayer) + random.nextInt(perLayer);
      builder.rigid(name(t), "fk_up", name(parent));
      chainEdges.add(new int[] {t, parent});
      keys++;
    }
    for (int c = 0; c < CYCLES; c++) {
      // Back from the parent (and for odd c, from the grandparent) to the child: a 2- or
      // 3-cycle along an existing chain. Starting at layer 3 or deeper keeps the lookup tables
      // out, which would otherwise pull hundreds of tables into one component.
      int[] edge;
      do {
        edge = chainEdges.get(random.nextInt(chainEdges.size()));
      } while (layer(edge[0], perLayer) < 3);
      int child = edge[0];
      int top = edge[1];
      if (c % 2 == 1) {
        int grandparent = firstOf(layer(top, perLayer) - 1, perLayer) + random.nextInt(perLayer);
        builder.rigid(name(top), "fk_cycle_up" + c, name(grandparent));
        top = grandparent;
        keys++;
      }
      builder.fk(name(top), "fk_cycle_back" + c, name(child), c < CYCLES / 2, c >= CYCLES / 2);
      keys++;
    }
    for (int s = 0; s < SELF_REFERENCES; s++) {
      int t = random.nextInt(TABLES);
      // a NOT NULL self-reference needs checks relaxed or deferred: deferrable, as the target
      // of this benchmark may not relax checks
      builder.fk(name(t), "fk_self" + s, name(t), s % 2 == 0, s % 2 != 0);
      keys++;
    }
    for (int k = 0; keys < FOREIGN_KEYS; k++, keys++) {
      int child = perLayer + random.nextInt(TABLES - perLayer);
      int parent = random.nextInt(3) == 0 ? random.nextInt(HUBS)
          : random.nextInt(firstOf(layer(child, perLayer), perLayer));
      builder.fk(name(child), "fk_ref" + k, name(parent), random.nextInt(4) == 0, false);
    }
    return builder.build();
  }

  private static int layer(int table, int perLayer) {
    return Math.min(table / perLayer, LAYERS - 1);
  }

  private static int firstOf(int layer, int perLayer) {
    return layer * perLayer;
  }

  private static String name(int table) {
    return "app.t" + table;
  }
}
