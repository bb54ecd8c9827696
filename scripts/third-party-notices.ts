// THIRD-PARTY-NOTICES: every package whose code the bundle carries, with its version, its license and
// the license text it ships. Built from what the bundler reports it put in its output files (tree-shaken
// modules left out), never from a hand-kept list, so a dependency added, dropped or upgraded is reflected
// by the next build.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface BundledPackage {
  name: string;
  version: string;
  license: string;
  /** The package's own LICENSE, COPYING and NOTICE files, in name order. */
  texts: string[];
}

const RULE = '='.repeat(80);
const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/** The notices text for the packages the `bundled` files belong to (absolute, or relative to `root`). */
export function thirdPartyNotices(bundled: Iterable<string>, root: string): string {
  const packages = bundledPackages(bundled, root);
  const header = [
    'THIRD-PARTY NOTICES',
    '',
    'kafka-aks (MIT, see LICENSE) ships with the code of the following packages bundled into dist/.',
    'Each is listed with its version, its license and the license text it ships with.',
    `${packages.length} packages.`,
    '',
  ];
  const sections = packages.map((pkg) =>
    [RULE, `${pkg.name} ${pkg.version}`, `License: ${pkg.license}`, '', ...pkg.texts.map((text) => text.trimEnd())]
      .join('\n'),
  );
  return `${[...header, ...sections].join('\n')}\n`;
}

/** One entry per package directory a bundled file belongs to, sorted by name and version. */
function bundledPackages(bundled: Iterable<string>, root: string): BundledPackage[] {
  const directories = new Set<string>();
  for (const file of bundled) {
    const directory = packageDirectory(file);
    if (directory !== undefined) directories.add(directory);
  }
  const packages = new Map<string, BundledPackage>();
  for (const directory of directories) {
    const pkg = readPackage(path.resolve(root, directory));
    packages.set(`${pkg.name}@${pkg.version}`, pkg);
  }
  return [...packages.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** `…/node_modules/@azure/identity/dist/commonjs/index.js` → `…/node_modules/@azure/identity` (the innermost package). */
function packageDirectory(input: string): string | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

function readPackage(directory: string): BundledPackage {
  const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string | { type: string };
  };
  const license = typeof manifest.license === 'object' ? manifest.license.type : manifest.license;
  const files = readdirSync(directory);
  const texts = files
    .filter((file) => LICENSE_FILE.test(file))
    .sort()
    .map((file) => readFileSync(path.join(directory, file), 'utf8'));
  // A few packages carry their license text only in the README (agent-base 6, https-proxy-agent 5).
  const readme = files.find((file) => /^readme(\.md)?$/i.test(file));
  if (texts.length === 0 && readme !== undefined) {
    const section = licenseSection(readFileSync(path.join(directory, readme), 'utf8'));
    if (section !== undefined) texts.push(section);
  }
  // A notice without the license's text does not meet MIT's or Apache's terms: stop the build instead.
  if (license === undefined || texts.length === 0) {
    throw new Error(`${manifest.name}@${manifest.version} (${directory}) names no license or ships no license text`);
  }
  return { name: manifest.name, version: manifest.version, license, texts };
}

/** The body of a Markdown README's "License" section (ATX `## License` or setext `License` + `-------`). */
export function licenseSection(readme: string): string | undefined {
  const lines = readme.split(/\r?\n/);
  const isUnderline = (line: string | undefined) => line !== undefined && /^[-=]{3,}\s*$/.test(line);
  const isHeading = (index: number) => /^#{1,6}\s/.test(lines[index] ?? '') || isUnderline(lines[index + 1]);
  const start = lines.findIndex(
    (line, index) => /^(#{1,6}\s*)?licen[cs]e\s*$/i.test(line.trim()) && isHeading(index),
  );
  if (start < 0) return undefined;
  const bodyStart = start + (isUnderline(lines[start + 1]) ? 2 : 1);
  let end = bodyStart;
  while (end < lines.length && !isHeading(end)) end += 1;
  const body = lines.slice(bodyStart, end).join('\n').trim();
  return body === '' ? undefined : body;
}
