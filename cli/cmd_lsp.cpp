// decree lsp: the language server on stdin and stdout (engine/lsp). Editors
// start it (editors/vscode); nothing else may write to stdout meanwhile.
#include <iostream>

#include "cli/commands.h"
#include "lsp/server.h"

namespace decree::cli {

int run_lsp() {
  std::ios::sync_with_stdio(false);
  lsp::Server server(std::cin, std::cout);
  return server.run();
}

}  // namespace decree::cli
