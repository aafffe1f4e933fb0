// The Decree extension: the TextMate grammar highlights .decree files
// (package.json contributes it); everything else comes from the language
// server `decree lsp` over stdio (issue 13): diagnostics as you type,
// hover, go to definition, references, completion, formatting, rename.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('decree').get('path') || 'decree';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'decree',
    'Decree',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'decree' }],
      // Parameter files are part of a rule set: the server reads them for
      // hover and definitions, and wants to hear when they change.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{decree,yaml}') },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
