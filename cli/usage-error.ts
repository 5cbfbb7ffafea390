import { UserError } from "../user-error";

/** A bad command line: an unknown flag, a missing or malformed argument. Printed as one line, exit code 2. */
export class UsageError extends UserError {}
