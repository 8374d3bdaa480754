// Starts `factlint lsp` for factlint's files and Markdown drafts.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("factlint").get("path") || "factlint";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "factlint",
    "factlint",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "factlint" },
        { scheme: "file", language: "markdown" },
        { scheme: "file", pattern: "**/*.json" },
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.claims,*.rules,*.json,*.md,factlint.toml}"),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
