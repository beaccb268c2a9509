package io.leasehold.server.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.leasehold.hcl.HclAttribute;
import io.leasehold.hcl.HclBlock;
import io.leasehold.hcl.HclBody;
import io.leasehold.hcl.HclParseException;
import io.leasehold.hcl.HclValue;
import io.leasehold.hcl.Position;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a JSON policy into the same tree an HCL policy parses to, so one reader validates both.
 * The shape is Vault's: {@code {"path": {"secret/*": {"capabilities": ["read"]}}}}, where
 * {@code "path"} may also hold a list of such objects. Each {@code "path"} member becomes a
 * {@code path "<label>" { ... }} block; everything else becomes an attribute. Like the HCL parser,
 * it keeps duplicate keys (the policy reader decides about them) and records where each item
 * starts.
 */
final class JsonPolicyReader {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonPolicyReader() {}

  static HclBody read(String text) throws HclParseException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new HclParseException(position(p), "a JSON policy must be an object");
      }
      HclBody body = readTopLevel(p);
      if (p.nextToken() != null) {
        throw new HclParseException(position(p), "unexpected content after the policy object");
      }
      return body;
    } catch (JsonParseException | StreamConstraintsException e) {
      JsonLocation at = e.getLocation();
      Position pos = at == null ? new Position(1, 1) : new Position(at.getLineNr(), at.getColumnNr());
      throw new HclParseException(pos, firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      // Reading from a String: only malformed input gets here.
      throw new HclParseException(new Position(1, 1), firstLine(e.getMessage()));
    }
  }

  private static HclBody readTopLevel(JsonParser p) throws IOException, HclParseException {
    List<HclAttribute> attributes = new ArrayList<>();
    List<HclBlock> blocks = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      Position at = position(p);
      JsonToken value = p.nextToken();
      if (name.equals("path")) {
        if (value == JsonToken.START_OBJECT) {
          readPathObject(p, blocks);
        } else if (value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
              throw new HclParseException(position(p),
                  "\"path\" must map each path to an object of settings");
            }
            readPathObject(p, blocks);
          }
        } else {
          throw new HclParseException(at,
              "\"path\" must map each path to an object of settings");
        }
      } else {
        attributes.add(new HclAttribute(name, readValue(p), at));
      }
    }
    return new HclBody(attributes, blocks);
  }

  /** At the START_OBJECT of {@code {"<path>": {...}, ...}}; leaves the parser on its END_OBJECT. */
  private static void readPathObject(JsonParser p, List<HclBlock> blocks)
      throws IOException, HclParseException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String label = p.currentName();
      Position at = position(p);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new HclParseException(position(p),
            "path " + GoText.quote(label) + " must map to an object of settings");
      }
      blocks.add(new HclBlock("path", List.of(label), readObjectBody(p), at));
    }
  }

  /** At a START_OBJECT; reads to its END_OBJECT. */
  private static HclBody readObjectBody(JsonParser p) throws IOException, HclParseException {
    List<HclAttribute> attributes = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      Position at = position(p);
      p.nextToken();
      attributes.add(new HclAttribute(name, readValue(p), at));
    }
    return new HclBody(attributes, List.of());
  }

  /** At the first token of a value; reads to its last token. */
  private static HclValue readValue(JsonParser p) throws IOException, HclParseException {
    Position at = position(p);
    JsonToken t = p.currentToken();
    return switch (t) {
      case VALUE_STRING -> new HclValue.Str(p.getText(), at);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new HclValue.Num(p.getDecimalValue(), at);
      case VALUE_TRUE -> new HclValue.Bool(true, at);
      case VALUE_FALSE -> new HclValue.Bool(false, at);
      case START_ARRAY -> {
        List<HclValue> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p));
        }
        yield new HclValue.ListValue(items, at);
      }
      case START_OBJECT -> new HclValue.ObjectValue(readObjectBody(p), at);
      case VALUE_NULL -> throw new HclParseException(at, "null is not allowed in a policy");
      default -> throw new HclParseException(at, "unexpected " + t);
    };
  }

  private static Position position(JsonParser p) {
    JsonLocation at = p.currentTokenLocation();
    return new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }

  /** Jackson's message, first line only, with its source locations as {@code line:column}. */
  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return SOURCE_LOCATION.matcher(line).replaceAll("$1:$2");
  }

  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
}
