import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The repository's docs stand alone: every relative link in README.md and docs/ points at a file
// inside the repository (and at a heading that exists), and nothing refers to briefs kept outside it.

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage', 'test-results', '.git', 'results']);
const TEXT_FILES = new Set(['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.md', '.html', '.css', '.yml', '.yaml', '.sh']);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(path);
    return [path];
  });
}

const markdownFiles = [join(ROOT, 'README.md'), ...walk(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))];

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets: inline links and images `[text](target)`, and reference definitions `[id]: target`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
const repoPath = (file: string) => relative(ROOT, file).split(sep).join('/');

describe('the repository docs stand alone', () => {
  it('finds the docs it checks', () => {
    expect(markdownFiles.map(repoPath)).toEqual(expect.arrayContaining(['README.md', 'docs/finance.md', 'docs/roles.md']));
  });

  it('every relative link in README.md and docs/ reaches a file (and heading) inside the repository', () => {
    const broken: string[] = [];
    for (const file of markdownFiles) {
      const markdown = readFileSync(file, 'utf8');
      for (const target of linkTargets(markdown)) {
        if (isExternal(target)) continue;
        const [rawPath = '', anchor] = target.split('#');
        const path = decodeURIComponent(rawPath);
        const resolved = path === '' ? file : resolve(dirname(file), path);
        const where = `${repoPath(file)} → ${target}`;
        if (resolved !== ROOT && !resolved.startsWith(ROOT + sep)) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(resolved)) broken.push(`${where} (no such file)`);
        else if (anchor && statSync(resolved).isFile() && extname(resolved) === '.md') {
          if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${where} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('no source or doc file refers to the briefs outside the repository', () => {
    const outside = ['..', 'shared'].join('/');
    const briefs = ['FINANCE', 'PRODUCT', 'ARCHITECTURE', 'STYLE'].map((name) => `${name}.md`);
    const files = walk(ROOT).filter((f) => TEXT_FILES.has(extname(f)) && !f.endsWith('package-lock.json'));
    const basenames = new Set(files.map((f) => f.split(sep).at(-1)));
    const mentions: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (text.includes(outside)) mentions.push(`${repoPath(file)}: ${outside}`);
      // A brief's name is fine only once the repository has a file of that name.
      for (const brief of briefs) if (text.includes(brief) && !basenames.has(brief)) mentions.push(`${repoPath(file)}: ${brief}`);
    }
    expect(files.length).toBeGreaterThan(100);
    expect(mentions).toEqual([]);
  });
});
