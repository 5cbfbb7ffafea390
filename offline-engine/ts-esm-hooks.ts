/**
 * Node.js module hooks (registered with `module.register`) that compile an ES module project's TypeScript with
 * ts-node's ESM hooks, as Pulumi's runtime does in its automatic ESM mode (sdk/nodejs/cmd/run/hooks.ts). The
 * ts-node copy and its options come from the program loader as `data`.
 */
interface TsNodeEsm {
    register(options: unknown): unknown;
    createEsmHooks(service: unknown): { resolve: Hook; load: Hook };
}
type Hook = (a: unknown, context: unknown, next: unknown) => unknown;

let hooks: { resolve: Hook; load: Hook } | undefined;

/** Called by Node.js with the `data` given to `module.register`. */
export function initialize(data: { tsNode: string; options: unknown }): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsNode = require(data.tsNode) as TsNodeEsm;
    hooks = tsNode.createEsmHooks(tsNode.register(data.options));
}

/** Resolves specifiers the way ts-node does (`.js` naming a `.ts` file, extensionless paths). */
export function resolve(specifier: unknown, context: unknown, next: unknown): unknown {
    return (hooks as { resolve: Hook }).resolve(specifier, context, next);
}

/** Loads `.ts`/`.mts` modules compiled by ts-node. */
export function load(url: unknown, context: unknown, next: unknown): unknown {
    return (hooks as { load: Hook }).load(url, context, next);
}
