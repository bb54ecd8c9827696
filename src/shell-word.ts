// A word as a POSIX shell reads it back unchanged: as it is when it holds only characters no shell
// treats specially, else single-quoted with each quote inside written as '\''. Both the "run this
// again" lines kafka-aks prints and the command lines it hands the AKS run command's shell use it.

export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
