export function average(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

export function findUser(users: Map<string, string>, id: string): string {
  return users.get(id)!;
}

export function greet(name: string): string {
  return 'Hello, ' + name;
}
