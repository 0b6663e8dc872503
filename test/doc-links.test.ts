// Docs that point at files point at files that exist: every relative Markdown link, and every
// `path/in/backticks` that names a file under one of the repository's top-level folders, in
// the Markdown files git tracks (paths git ignores are outputs, written at run time). A renamed or deleted file fails here, not in a reader's hands.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && !file.startsWith('node_modules/'));
const TOP_LEVEL = /^(src|docs|test|e2e|scripts|bench|openapi|public|assets)\//;

/** Whether git ignores the path: a file the code writes at run time (e.g. bench results). */
function ignored(candidate: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', candidate], { cwd: root });
    return true;
  } catch {
    return false;
  }
}

/** The text outside fenced code blocks (examples there are not references). */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');

describe('references in the docs', () => {
  it('finds the Markdown files to check', () => {
    assert.ok(tracked.includes('README.md') && tracked.includes('docs/architecture.md'), tracked.join(', '));
  });

  it('every relative link points to an existing file or folder', () => {
    const broken: string[] = [];
    for (const file of tracked) {
      for (const match of prose(readFileSync(path.join(root, file), 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!.split('#')[0]!;
        if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        if (!existsSync(path.resolve(root, path.dirname(file), decodeURIComponent(target)))) broken.push(`${file}: ${match[1]}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('every repository path written in backticks exists (or is written at run time, git-ignored)', () => {
    const broken: string[] = [];
    for (const file of tracked) {
      for (const match of prose(readFileSync(path.join(root, file), 'utf8')).matchAll(/`([\w./-]+)`/g)) {
        const candidate = match[1]!.replace(/\/$/, '');
        if (!TOP_LEVEL.test(candidate) || /[*]/.test(candidate)) continue;
        if (!existsSync(path.join(root, candidate)) && !ignored(candidate)) broken.push(`${file}: ${candidate}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
