package dev.ferry.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Tarjan's strongly-connected-components algorithm, iterative so that long foreign-key chains
 * cannot overflow the stack. Nodes are {@code 0..n-1}; each component comes back sorted.
 */
final class StronglyConnected {

  private StronglyConnected() {}

  /**
   * @param n number of nodes
   * @param successors for each node, the nodes it has an edge to
   * @return the components, each a sorted array of node indexes
   */
  static List<int[]> components(int n, int[][] successors) {
    int[] index = new int[n];
    int[] low = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    List<int[]> components = new ArrayList<>();
    int[] nextChild = new int[n];
    Deque<Integer> call = new ArrayDeque<>();
    int counter = 0;

    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      call.push(root);
      while (!call.isEmpty()) {
        int v = call.peek();
        if (index[v] < 0) {
          index[v] = low[v] = counter++;
          stack.push(v);
          onStack[v] = true;
        }
        if (nextChild[v] < successors[v].length) {
          int w = successors[v][nextChild[v]++];
          if (index[w] < 0) {
            call.push(w);
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        call.pop();
        if (!call.isEmpty()) {
          int parent = call.peek();
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == index[v]) {
          List<Integer> members = new ArrayList<>();
          int w;
          do {
            w = stack.pop();
            onStack[w] = false;
            members.add(w);
          } while (w != v);
          int[] component = members.stream().mapToInt(Integer::intValue).sorted().toArray();
          components.add(component);
        }
      }
    }
    return components;
  }
}
