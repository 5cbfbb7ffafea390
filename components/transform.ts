/**
 * `transform` hooks: adjust any child resource's arguments or options without forking a component.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Either arguments merged over the component's (shallowly), or a function that edits the arguments and
 * options in place before the resource is created.
 */
export type Transform<Args, Opts = pulumi.CustomResourceOptions> = Partial<Args> | ((args: Args, opts: Opts, name: string) => void);

/** Applies `transform` (when given) to a child's arguments and options and returns them. */
export function applyTransform<Args extends object, Opts extends object>(
    transform: Transform<Args, Opts> | undefined,
    name: string,
    args: Args,
    opts: Opts,
): [Args, Opts] {
    if (transform === undefined) return [args, opts];
    if (typeof transform === "function") {
        transform(args, opts, name);
        return [args, opts];
    }
    return [{ ...args, ...transform }, opts];
}
