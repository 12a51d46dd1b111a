// Figures of the pages' JavaScript (overrides/assets/**/*.js), parsed with the TypeScript compiler of package.json:
// the longest functions (name, file:line, lines), the globals the page scripts assign (`window.X =`, and the
// top-level declarations of a classic script, which become the page's), and the lines of each script.
// Usage: node scripts/js_figures.mjs [--root DIR] [--max N] [--json]. With --max, exits 1 when a function of a page
// script or of our Python worker is longer than N lines (`make lint` runs it with 60). The scripts in a workers/
// folder run in Material's search worker, not in the page: their top-level names are that worker's own, and they
// are measured but not held to the limit (they wrap Material's code, issue 28 item 4).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = option("--root", process.cwd());
const max = Number(option("--max", "0"));

/** Every .js file under `folder`, sorted. */
function scripts(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath || entry.path, entry.name))
    .sort();
}

// The scripts mkdocs.yml loads as modules (`type: module`): modules without an import of their own.
const mkdocs = existsSync(join(root, "mkdocs.yml")) ? readFileSync(join(root, "mkdocs.yml"), "utf-8") : "";
const declaredModules = new Set([...mkdocs.matchAll(/path:\s*(\S+\.js)\s*\n\s*type:\s*module/g)].map((match) => match[1]));

/** A function's name: its own, its variable's, its property's, or <anonymous>. */
function nameOf(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) return parent.name.getText();
  if (parent && ts.isBinaryExpression(parent)) return parent.left.getText();
  if (ts.isConstructorDeclaration(node)) return "constructor";
  return "<anonymous>";
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

/** The figures of one file. */
function figures(path) {
  const text = readFileSync(path, "utf-8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const file = relative(root, path);
  const lineOf = (position) => source.getLineAndCharacterOfPosition(position).line + 1;
  const functions = [];
  const globals = [];
  const visit = (node) => {
    if (isFunction(node)) {
      const start = lineOf(node.getStart(source));
      functions.push({ name: nameOf(node), file, line: start, lines: lineOf(node.getEnd()) - start + 1 });
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      if (node.left.expression.getText() === "window") globals.push(`${file}: window.${node.left.name.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const isModule = source.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) ||
    (ts.canHaveModifiers(s) && (ts.getModifiers(s) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)));
  const classic = !isModule && !declaredModules.has(relative(join(root, "overrides"), path));
  if (classic) {
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => globals.push(`${file}: ${d.name.getText()}`));
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) globals.push(`${file}: ${statement.name.getText()}`);
    }
  }
  const searchWorker = file.split(/[\\/]/).includes("workers");
  return { file, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0), classic, searchWorker, functions, globals: searchWorker ? [] : globals };
}

const files = scripts(join(root, "overrides", "assets")).map(figures);
const functions = files.flatMap((f) => f.functions).sort((a, b) => b.lines - a.lines);
const globals = files.flatMap((f) => f.globals);
const held = new Set(files.filter((f) => !f.searchWorker).map((f) => f.file));
const tooLong = max ? functions.filter((f) => f.lines > max && held.has(f.file)) : [];

if (args.includes("--json")) {
  console.log(JSON.stringify({ longest: functions.slice(0, 10), globals, lines: Object.fromEntries(files.map((f) => [f.file, f.lines])) }, null, 2));
} else {
  console.log("Longest functions:");
  for (const f of functions.slice(0, 10)) console.log(`  ${String(f.lines).padStart(4)}  ${f.name}  ${f.file}:${f.line}`);
  console.log(`Globals the page scripts assign: ${globals.length}${globals.length ? ` (${globals.join(", ")})` : ""}`);
  console.log("Lines of each script:");
  for (const f of files) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}${f.classic ? "  (classic)" : ""}${f.searchWorker ? "  (search worker)" : ""}`);
  console.log(`  ${String(files.reduce((sum, f) => sum + f.lines, 0)).padStart(4)}  in all`);
}
if (tooLong.length) {
  for (const f of tooLong) console.error(`${f.file}:${f.line}: ${f.name} is ${f.lines} lines long (at most ${max}): split it by job`);
  process.exit(1);
}
