package dev.ferry.script;

import dev.ferry.api.Endpoint;
import dev.ferry.api.MergeMode;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.rows.ScriptTargets;
import dev.ferry.rows.TargetWriter;
import java.util.List;
import java.util.Map;

/** INSERT scripts as a copy's target: what the copy engine is given to write them. */
public final class Scripts implements ScriptTargets {

  /** The one instance: it holds nothing. */
  public static final Scripts TARGETS = new Scripts();

  private Scripts() {}

  @Override
  public Dialect engine(Endpoint.Script script) {
    return Dialects.byId(ScriptDialect.of(script.format().dialect()).engineId());
  }

  @Override
  public LoadOrder order(Endpoint.Script script, Catalog source) {
    // scripts load like a database, planned from the source catalog: no live target to read
    ScriptDialect dialect = ScriptDialect.of(script.format().dialect());
    return dialect.scriptOrder(LoadOrderPlanner.plan(dialect.planningCatalog(source),
        new LoadTarget(engine(script).id(), dialect.relaxations(), dialect.relaxationHint())));
  }

  @Override
  public TargetWriter open(Endpoint.Script script, Catalog source, LoadOrder order,
      List<String> units, Map<TableName, List<String>> identityResets,
      Map<String, MergeMode> merges, Map<String, Integer> versions) {
    return new ScriptTarget(script.directory(), script.format(), source, order, units,
        identityResets, merges, versions);
  }
}
