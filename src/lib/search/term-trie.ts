/**
 * An index's terms as a trie in flat typed arrays, for typo-tolerant (fuzzy) matching.
 *
 * Lunr's own TokenSet is a graph of one object per letter (hundreds of thousands at 7,300
 * articles): making it on the request thread after a rebuild, and the garbage collection it
 * caused, stalled the server. This trie is made where the index is built (the index-build
 * worker on the server), is four typed arrays that move to the request thread without a
 * copy, and costs the garbage collector nothing to keep.
 *
 * Rules that always hold:
 * - built from the terms sorted in code-unit order (as `scorerParts` gives them); node 0 is
 *   the root; a node's children are consecutive (`firstChild` .. `firstChild + childCount`),
 *   sorted by their letter (`letters`, UTF-16 code units);
 * - `termAt[node]` is the number of the term (its index in the sorted terms) that ends at
 *   the node, or -1;
 * - `fuzzyMatch` finds every term within the edit distance, counting an insertion, a
 *   deletion, a substitution or a swap of two adjacent letters as one edit (optimal string
 *   alignment), as Lunr's fuzzy TokenSet does.
 */

/** The trie's arrays (transferable). */
export interface TermTrie {
  letters: Uint16Array;
  firstChild: Int32Array;
  childCount: Int32Array;
  termAt: Int32Array;
}

/** The trie of terms sorted in code-unit order (`Array.prototype.sort()` order). */
export function buildTermTrie(sortedTerms: readonly string[]): TermTrie {
  let capacity = 1;
  for (const term of sortedTerms) capacity += term.length;
  const letters = new Uint16Array(capacity);
  const firstChild = new Int32Array(capacity);
  const childCount = new Int32Array(capacity);
  const termAt = new Int32Array(capacity).fill(-1);
  // Breadth-first: each queued node owns a range of terms that share its prefix (of length depth).
  const queueNode: number[] = [0];
  const queueLow: number[] = [0];
  const queueHigh: number[] = [sortedTerms.length];
  const queueDepth: number[] = [0];
  let nodes = 1;
  for (let head = 0; head < queueNode.length; head++) {
    const node = queueNode[head];
    let low = queueLow[head];
    const high = queueHigh[head];
    const depth = queueDepth[head];
    // A term that ends here sorts before every longer term with this prefix (duplicates are skipped).
    while (low < high && sortedTerms[low].length === depth) {
      if (termAt[node] === -1) termAt[node] = low;
      low++;
    }
    firstChild[node] = nodes;
    let start = low;
    while (start < high) {
      const letter = sortedTerms[start].charCodeAt(depth);
      let end = start + 1;
      while (end < high && sortedTerms[end].charCodeAt(depth) === letter) end++;
      const child = nodes++;
      letters[child] = letter;
      queueNode.push(child);
      queueLow.push(start);
      queueHigh.push(end);
      queueDepth.push(depth + 1);
      start = end;
    }
    childCount[node] = nodes - firstChild[node];
  }
  return { letters: letters.slice(0, nodes), firstChild: firstChild.slice(0, nodes), childCount: childCount.slice(0, nodes), termAt: termAt.slice(0, nodes) };
}

/** The buffers to move to another thread. */
export function trieTransferables(trie: TermTrie): ArrayBuffer[] {
  return [trie.letters.buffer, trie.firstChild.buffer, trie.childCount.buffer, trie.termAt.buffer] as ArrayBuffer[];
}

/**
 * The numbers of the terms within `maxEdits` edits of `word` (insertion, deletion,
 * substitution, swap of adjacent letters), in trie order (which is the terms' sorted order).
 */
export function fuzzyMatch(trie: TermTrie, word: string, maxEdits: number): number[] {
  const { letters, firstChild, childCount, termAt } = trie;
  const width = word.length + 1;
  const found: number[] = [];
  // rows[d] is the edit-distance row after the trie path of length d (row 0: the empty path).
  const rows: Int32Array[] = [Int32Array.from({ length: width }, (_, j) => j)];
  const path: number[] = [];
  const visit = (node: number, depth: number): void => {
    const previous = rows[depth];
    const row = (rows[depth + 1] ??= new Int32Array(width));
    const letter = letters[node];
    const before = depth > 0 ? rows[depth - 1] : null;
    const previousLetter = depth > 0 ? path[depth - 1] : -1;
    row[0] = depth + 1;
    let best = row[0];
    for (let j = 1; j < width; j++) {
      const cost = word.charCodeAt(j - 1) === letter ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && j > 1 && letter === word.charCodeAt(j - 2) && previousLetter === word.charCodeAt(j - 1)) value = Math.min(value, before[j - 2] + 1);
      row[j] = value;
      if (value < best) best = value;
    }
    if (termAt[node] !== -1 && row[width - 1] <= maxEdits) found.push(termAt[node]);
    if (best > maxEdits) return;
    path[depth] = letter;
    const first = firstChild[node];
    for (let child = first; child < first + childCount[node]; child++) visit(child, depth + 1);
  };
  if (termAt[0] !== -1 && word.length <= maxEdits) found.push(termAt[0]);
  const first = firstChild[0];
  for (let child = first; child < first + childCount[0]; child++) visit(child, 0);
  return found;
}
