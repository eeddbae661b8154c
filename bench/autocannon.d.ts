// autocannon ships no types; the benchmark uses this much of it.
declare module 'autocannon' {
  interface Result {
    requests: { total: number; average: number };
    non2xx: number;
  }
  interface Instance extends PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  }
  export default function autocannon(options: {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    requests?: { method: string; path?: string; setupRequest?: (req: object) => object }[];
  }): Instance;
}
