/**
 * An error in what the user gave (a flag, a file, a directory): printed as one clear line without a
 * stack trace, exit code 2.
 */
export class UsageError extends Error {
    /** `message` says which input, what is wrong with it and what to do. */
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}
