// "1 broker", "3 brokers": a count and its noun, for the sentences every layer writes.

export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
