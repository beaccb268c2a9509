package io.leasehold.hcl;

import java.util.List;

/** {@code type "label" ... { body }}, e.g. {@code path "secret/*" { ... }}. */
public record HclBlock(String type, List<String> labels, HclBody body, Position position) {
  public HclBlock {
    labels = List.copyOf(labels);
  }
}
