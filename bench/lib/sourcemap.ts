/**
 * Which sources a built chunk is made of: its source map's mappings attribute every generated
 * character to an original file; the files are grouped by npm package or by src/<area>.
 */
import fs from 'node:fs';
import path from 'node:path';
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digit = new Map([...base64].map((char, index) => [char, index]));

function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const bits = digit.get(char)!;
    value += (bits & 31) << shift;
    if (bits & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export function originOfSource(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const area = /(?:^|\/)(src\/[^/]+|locales|content)\//.exec(source);
  if (area) return area[1]!;
  return source.replace(/^(\.\.\/)+/, '');
}

/** Generated characters per origin (package or src area), largest first. */
export function charactersByOrigin(code: string, map: { sources: string[]; mappings: string }): [string, number][] {
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  let sourceIndex = 0;
  map.mappings.split(';').forEach((line, lineNumber) => {
    const length = lines[lineNumber]?.length ?? 0;
    let column = 0;
    const segments: { column: number; source: number | null }[] = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values = decodeSegment(segment);
      column += values[0]!;
      if (values.length >= 4) {
        sourceIndex += values[1]!;
        segments.push({ column, source: sourceIndex });
      } else {
        segments.push({ column, source: null });
      }
    }
    segments.forEach((segment, index) => {
      const end = segments[index + 1]?.column ?? length;
      const origin = segment.source === null ? '(unmapped)' : originOfSource(map.sources[segment.source] ?? '?');
      totals.set(origin, (totals.get(origin) ?? 0) + Math.max(0, end - segment.column));
    });
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export interface SourceMapJson {
  sources: string[];
  names?: string[];
  mappings: string;
}

export interface OriginalPosition {
  source: string;
  line: number;
  name: string | null;
}

/** A lookup from generated (0-based line, column) to the original source position. */
export function positionLookup(map: SourceMapJson): (line: number, column: number) => OriginalPosition | null {
  const lines: { column: number; source: number; line: number; name: number | null }[][] = [];
  let source = 0;
  let originalLine = 0;
  let name = 0;
  for (const text of map.mappings.split(';')) {
    const segments: { column: number; source: number; line: number; name: number | null }[] = [];
    let column = 0;
    for (const segment of text.split(',')) {
      if (!segment) continue;
      const values = decodeSegment(segment);
      column += values[0]!;
      if (values.length < 4) continue;
      source += values[1]!;
      originalLine += values[2]!;
      let nameIndex: number | null = null;
      if (values.length >= 5) {
        name += values[4]!;
        nameIndex = name;
      }
      segments.push({ column, source, line: originalLine, name: nameIndex });
    }
    lines.push(segments);
  }
  return (line, column) => {
    const segments = lines[line];
    if (!segments || segments.length === 0) return null;
    let found = segments[0]!;
    for (const segment of segments) {
      if (segment.column > column) break;
      found = segment;
    }
    return { source: map.sources[found.source] ?? '?', line: found.line + 1, name: found.name === null ? null : (map.names?.[found.name] ?? null) };
  };
}

/**
 * For CPU profiles of a built app: names each frame by its original function and source file
 * (npm package or src/<area>), through the source maps next to the built files.
 */
export function bundleFrameResolver(buildDir: string): (frame: { functionName: string; url: string; lineNumber: number; columnNumber?: number }) => { label: string; origin: string } | null {
  const lookups = new Map<string, ((line: number, column: number) => OriginalPosition | null) | null>();
  return (frame) => {
    if (!/^https?:/.test(frame.url)) return null;
    const pathname = new URL(frame.url).pathname;
    if (!lookups.has(pathname)) {
      const mapFile = path.join(buildDir, `${pathname}.map`);
      lookups.set(pathname, fs.existsSync(mapFile) ? positionLookup(JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapJson) : null);
    }
    const position = lookups.get(pathname)?.(frame.lineNumber, frame.columnNumber ?? 0);
    if (!position) return { label: `${frame.functionName || '(anonymous)'} ${path.basename(pathname)}`, origin: path.basename(pathname) };
    const origin = originOfSource(position.source);
    const ours = /(?:^|\/)((?:src|locales|content)\/.*)$/.exec(position.source);
    const file = position.source.includes('node_modules/') ? position.source.replace(/^.*node_modules\//, '') : (ours?.[1] ?? position.source.replace(/^(\.\.\/)+/, ''));
    return { label: `${position.name ?? (frame.functionName || '(anonymous)')} ${file}:${position.line}`, origin };
  };
}
