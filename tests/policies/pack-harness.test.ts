import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runProgram, usePack } from "./pack-harness";

const POLICY = "ses-domain-identity-verified";
const program = () => new aws.sesv2.EmailIdentity("identity", { emailIdentity: "example.com" });

describe("policies: the pack harness", () => {
    const shared = usePack();
    const own = usePack({ own: true });

    it("refuses policy config for the shared pack, so no config reaches the pack other tests use", async () => {
        await assert.rejects(
            runProgram(shared(), program, { preview: false, config: { [POLICY]: "disabled" } }),
            /a run with policy config needs a pack of its own/,
        );
    });

    it("gives a block its own pack, on which each run's Configure replaces the previous run's", async () => {
        assert.notEqual(own().pid, shared().pid);
        const disabled = await runProgram(own(), program, { preview: false, config: { [POLICY]: "disabled" } });
        assert.deepEqual(disabled.of(POLICY), []);
        const after = await runProgram(own(), program, { preview: false });
        assert.ok(after.of(POLICY).length > 0, "the default level is back for the next run");
    });
});
