// Port of RobotsMatchStrategy::Matches from Google's robots.cc: the pattern is
// anchored at the start of the path, `*` matches any run of characters and `$`
// is special only as the last character. Worst case O(path * pattern), with no
// backtracking blow-up, since both inputs come from strangers.

export function patternMatches(path: string, pattern: string): boolean {
  // Without "*" a pattern is a literal prefix, or the whole path when it ends in "$".
  const star = pattern.indexOf('*');
  if (star === -1) {
    return pattern.endsWith('$') ? path === pattern.slice(0, -1) : path.startsWith(pattern);
  }
  // The literal part before the first "*" must be a prefix of the path.
  for (let i = 0; i < star; i++) {
    if (path.charCodeAt(i) !== pattern.charCodeAt(i)) return false;
  }
  const pathLen = path.length;
  const pos = new Array<number>(pathLen + 1);
  pos[0] = 0;
  let numPos = 1;

  for (let p = 0; p < pattern.length; p++) {
    const ch = pattern.charCodeAt(p);
    if (ch === 0x24 /* $ */ && p + 1 === pattern.length) {
      return pos[numPos - 1] === pathLen;
    }
    if (ch === 0x2a /* * */) {
      numPos = pathLen - pos[0] + 1;
      for (let i = 1; i < numPos; i++) pos[i] = pos[i - 1]! + 1;
    } else {
      let newNumPos = 0;
      for (let i = 0; i < numPos; i++) {
        const at = pos[i]!;
        if (at < pathLen && path.charCodeAt(at) === ch) pos[newNumPos++] = at + 1;
      }
      numPos = newNumPos;
      if (numPos === 0) return false;
    }
  }
  return true;
}

/** Match priority of one rule: the pattern length when it matches, -1 when it does not. */
export function matchPriority(path: string, pattern: string): number {
  return patternMatches(path, pattern) ? pattern.length : -1;
}
