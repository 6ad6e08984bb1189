/**
 * The candidate an unknown name most likely meant: an exact match ignoring case first (the
 * language is case-sensitive, and `switch` for `Switch` is the commonest slip — the docs make it
 * themselves), otherwise the nearest by edit distance if it is near enough to be a plausible typo
 * (one edit per three characters, at least one).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase()
  const pool = [...candidates].sort()
  const sameLetters = pool.find(candidate => candidate.toLowerCase() === lower)
  if (sameLetters !== undefined) {
    return sameLetters
  }
  let best: string | undefined
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1
  for (const candidate of pool) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * Edit distance counting a swap of neighbouring letters as one edit (optimal string alignment),
 * so "Jion" is one edit from "Join".
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i]
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j)
        continue
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(
        (rows[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (rows[i - 1]?.[j - 1] ?? 0) + cost
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1)
      }
      row.push(distance)
    }
    rows.push(row)
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length)
}
