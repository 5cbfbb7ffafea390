/**
 * The order AnalyzeStack's resources arrive in. The CLI builds the list by ranging over the deployment's news, a
 * Go `sync.Map` (pulumi/pulumi `pkg/resource/deploy/step_generator.go`, `AnalyzeResources`), so the order is
 * arbitrary and differs from run to run. The offline engine sends a seeded shuffle instead of registration
 * order, so a policy that depends on order fails here as it would under the CLI, but reproducibly.
 */
import { createHash } from "node:crypto";

/** `items` ordered by a hash of `seed` and each item's `key`: a shuffle fixed by the seed; the input is not changed. */
export function arbitraryOrder<T>(items: readonly T[], key: (item: T) => string, seed: string): T[] {
    const rank = new Map(
        items.map((item) => [
            item,
            createHash("sha256")
                .update(`${seed}\0${key(item)}`)
                .digest("hex"),
        ]),
    );
    return [...items].sort((a, b) => ((rank.get(a) ?? "") < (rank.get(b) ?? "") ? -1 : 1));
}
