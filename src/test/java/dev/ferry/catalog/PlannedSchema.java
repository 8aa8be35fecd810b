package dev.ferry.catalog;

/**
 * A random schema with its catalog, the planner's answer and the test's independent model of the
 * graph, computed once and shared by every property that looks at the same schema.
 */
record PlannedSchema(SchemaSpec spec, Catalog catalog, LoadOrder plan, FkGraph graph) {

  static PlannedSchema of(SchemaSpec spec) {
    Catalog catalog = spec.toCatalog();
    return new PlannedSchema(spec, catalog, LoadOrderPlanner.plan(catalog, spec.target()),
        new FkGraph(catalog));
  }
}
