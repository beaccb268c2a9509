package io.leasehold.hcl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid documents the fuzz tests start from. */
final class FuzzCorpus {
  private FuzzCorpus() {}

  /**
   * Documents without heredocs and without '"' inside comments, so that a simple scan ({@link
   * #essentials}, {@link #certainlyInvalidCuts}) can tell their structure.
   */
  static final Map<String, String> STRUCTURAL = new LinkedHashMap<>();

  /** Everything, including heredocs, CRLF line ends and quotes inside comments. */
  static final Map<String, String> ALL = new LinkedHashMap<>();

  static {
    STRUCTURAL.put("default-policy", HclParserTest.DEFAULT_POLICY);
    STRUCTURAL.put(
        "parameters-policy",
        """
        # fine-grained rules
        path "secret/data/app/*" {
          capabilities = ["create", "read", "update", "patch", "delete", "list"]
          allowed_parameters = {
            "*" = []
            "ttl" = ["1h", "2h",]
            "name" = ["caf\\u00e9", "say \\"hi\\"", "back\\\\slash", "tab\\there"]
          }
          denied_parameters = { "secret_id" = [], other = ["x"] }
          required_parameters = ["name"]
          min_wrapping_ttl = 1
          max_wrapping_ttl = 3600.5
        }

        path "auth/token/create" { capabilities = ["update", "sudo"] }
        path "sys/*" {
          capabilities = ["deny"]
        }
        path "" {
          capabilities = []
        }
        """);
    STRUCTURAL.put(
        "server-config",
        """
        ui            = true
        api_addr      = "http://127.0.0.1:8200"
        max_lease_ttl = "768h"
        default_lease_ttl = "768h"
        disable_mlock = false
        log_level     = "info"

        storage "rocksdb" {
          path    = "/var/lib/leasehold"
          node_id = "node-1"
        }

        listener "tcp" {
          address     = "127.0.0.1:8200"
          tls_disable = true
        }

        listener "tcp" {
          address       = "0.0.0.0:8201"
          tls_cert_file = "/etc/leasehold/tls.crt"
          tls_key_file  = "/etc/leasehold/tls.key"
          retries       = -1
        }

        telemetry {
          prometheus_retention_time = "30s"
          disable_hostname          = true
        }
        """);
    STRUCTURAL.put(
        "agent-config",
        """
        pid_file = "./pidfile"

        auto_auth {
          method "approle" {
            mount_path = "auth/approle"
            config = {
              role_id_file_path   = "/etc/agent/role-id"
              secret_id_file_path = "/etc/agent/secret-id"
              remove_secret_id_file_after_reading = false
            }
          }

          sink "file" {
            config {
              path = "/tmp/agent-token"
              mode = "0640"
            }
          }
          sink "file" { config = { path = "/tmp/second", mode = 416 } }
        }

        cache { use_auto_auth_token = true }
        """);
    STRUCTURAL.put(
        "one-liners",
        "path \"a\" { capabilities = [\"read\"] }\n"
            + "path \"b\" {}\n"
            + "nested { deeper { deepest = [[1, [2]], {k = {v = []}}] } }\n"
            + "empty = {}\n"
            + "list = []\n");

    ALL.putAll(STRUCTURAL);
    ALL.put(
        "heredocs",
        """
        name = "with-heredocs"
        policy = <<EOF
        path "secret/*" {
          capabilities = ["read"]
        }
        EOF
        script = <<-SCRIPT
            #!/bin/sh
              echo "indented $HOME"

            exit 0
            SCRIPT
        values = [<<A
        one
        A
        , "two"]
        """);
    ALL.put(
        "crlf",
        "path \"x\" {\r\n  capabilities = [\"read\",\r\n    \"list\"]\r\n}\r\n"
            + "h = <<EOF\r\nline\r\nEOF\r\n");
    ALL.put(
        "quotes-in-comments",
        """
        # a "quoted" word, a brace } and a bracket ] in a comment
        path "x" { // "more" } ]
          capabilities = ["read"] /* "and" } */
        }
        /* multi
           line "comment" { */
        x = "# not a comment // \\" /* */"
        """);
  }

  /**
   * Offsets of the characters of a {@link #STRUCTURAL} document without which it cannot be valid:
   * every '{', '[', ']' and '}' outside strings and comments, every '"' that opens or closes a
   * string, and every ',' between two items of a list.
   */
  static List<Integer> essentials(String doc) {
    List<Integer> out = new ArrayList<>();
    scan(doc, out, null);
    return out;
  }

  /**
   * For each {@code cut}, whether {@code doc.substring(0, cut)} certainly leaves something open (a
   * block, list, object, string or block comment) or ends in a lone '/', so it must be rejected
   * (for a {@link #STRUCTURAL} document).
   */
  static boolean[] certainlyInvalidCuts(String doc) {
    boolean[] open = new boolean[doc.length() + 1];
    scan(doc, new ArrayList<>(), open);
    return open;
  }

  private static void scan(String doc, List<Integer> essentials, boolean[] open) {
    Deque<Character> brackets = new ArrayDeque<>();
    int i = 0;
    int n = doc.length();
    boolean inString = false;
    boolean inBlockComment = false;
    while (i < n) {
      if (open != null) {
        open[i] = !brackets.isEmpty() || inString || inBlockComment;
      }
      char c = doc.charAt(i);
      char next = i + 1 < n ? doc.charAt(i + 1) : '\0';
      if (inBlockComment) {
        if (c == '*' && next == '/') {
          if (open != null) {
            open[i + 1] = true;
          }
          inBlockComment = false;
          i += 2;
        } else {
          i++;
        }
      } else if (inString) {
        if (c == '\\') {
          if (open != null) {
            open[i + 1] = true;
          }
          i += 2;
          continue;
        }
        if (c == '"') {
          essentials.add(i);
          inString = false;
        }
        i++;
      } else if (c == '"') {
        essentials.add(i);
        inString = true;
        i++;
      } else if (c == '#' || (c == '/' && next == '/')) {
        while (i < n && doc.charAt(i) != '\n') {
          if (open != null) {
            open[i] = !brackets.isEmpty();
          }
          i++;
        }
      } else if (c == '/' && next == '*') {
        inBlockComment = true;
        i++;
      } else {
        if (c == '{' || c == '[') {
          brackets.push(c);
          essentials.add(i);
        } else if (c == '}' || c == ']') {
          brackets.pop();
          essentials.add(i);
        } else if (c == ',' && !brackets.isEmpty() && brackets.peek() == '[') {
          int j = i + 1;
          while (j < n && Character.isWhitespace(doc.charAt(j))) {
            j++;
          }
          if (j < n && doc.charAt(j) != ']' && doc.charAt(j) != '#' && doc.charAt(j) != '/') {
            essentials.add(i);
          }
        }
        i++;
      }
    }
    if (open != null) {
      open[n] = !brackets.isEmpty() || inString || inBlockComment;
    }
  }
}
