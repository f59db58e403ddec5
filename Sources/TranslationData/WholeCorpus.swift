import Foundation

/// The whole corpus by name: `--data fra-eng` reads D2L's `fra.txt` (167,130 pairs) from the
/// cache folder where `seq2seq data --download` puts it, `$XDG_CACHE_HOME/seq2seq/fra-eng`, else
/// `~/.cache/seq2seq/fra-eng`. The name always means the cache; a file of that name in the
/// working folder is read as `./fra-eng`.
public enum WholeCorpus {
  /// The name `--data` takes.
  public static let name = "fra-eng"

  /// The folder the download goes to.
  public static var folder: String {
    let environment = ProcessInfo.processInfo.environment
    let cache =
      environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? "\(environment["HOME"] ?? NSHomeDirectory())/.cache"
    return "\(cache)/seq2seq/\(name)"
  }

  /// The corpus file in it.
  public static var file: String { "\(folder)/fra.txt" }

  /// The file `path` names: the cached corpus for the name, else `path` itself.
  public static func resolve(_ path: String) -> String { path == name ? file : path }
}
