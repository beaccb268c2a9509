package io.leasehold.hcl;

import java.util.List;

/**
 * The contents of a document, a block or an object: attributes and blocks in source order.
 * Nothing is merged: two attributes or blocks with the same name both appear, and the reader
 * decides whether that is allowed.
 */
public record HclBody(List<HclAttribute> attributes, List<HclBlock> blocks) {
  public HclBody {
    attributes = List.copyOf(attributes);
    blocks = List.copyOf(blocks);
  }
}
