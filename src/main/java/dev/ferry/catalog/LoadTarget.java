package dev.ferry.catalog;

import java.util.List;

/**
 * What the planner needs to know about where the tables will be loaded.
 *
 * @param engine the target's dialect id
 * @param relaxations the ways the target principal may relax foreign-key checks, preferred first
 * @param relaxationHint what would let a principal relax checks, for refusal messages
 */
public record LoadTarget(String engine, List<CheckRelaxation> relaxations, String relaxationHint) {
  public LoadTarget {
    relaxations = List.copyOf(relaxations);
  }
}
