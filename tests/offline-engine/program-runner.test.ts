/**
 * Program directories run as the Pulumi CLI runs them: the program's own `@pulumi/pulumi/cmd/run` in a node
 * process of its own (pulumi-language-nodejs `execRuntime`), talking gRPC to ses-guard's engine
 * (offline-engine/resource-monitor), which answers as source_eval.go does. Covers stack config, `main`, an
 * exported async function, the runner's own error report and what the engine keeps of each registration.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CapturedResource } from "../../state/captured-resource";
import { ProgramError } from "../../offline-engine/registrations";
import { runProgram as runProgramDir } from "../../offline-engine/program-runner";
import { ProjectError } from "../../offline-engine/program-dir";
import { PROGRAMS } from "./fixtures";

function find(resources: CapturedResource[], name: string): CapturedResource {
    const found = resources.find((r) => r.name === name);
    assert.ok(found, `no resource named ${name} among ${resources.map((r) => r.name).join(", ")}`);
    return found;
}

describe("engine: program directories through Pulumi's own runner", function () {
    this.timeout(120_000);
    it("runs a TypeScript program with the project name and its stack's config", async () => {
        const resources = await runProgramDir(path.join(PROGRAMS, "ts-identity"), { preview: true });
        const identity = find(resources, "identity");
        assert.equal(identity.urn, "urn:pulumi:dev::ts-identity::aws:sesv2/emailIdentity:EmailIdentity::identity");
        assert.equal(identity.inputs.emailIdentity, "example.org");
        assert.equal(identity.provider?.properties.region, "eu-central-1");
    });

    it("treats encrypted config as a secret it cannot read offline", async () => {
        const resources = await runProgramDir(path.join(PROGRAMS, "ts-identity"), { preview: false });
        assert.equal(find(resources, "ts-identity-dev").outputs.tokenIsSecret, true);
    });

    it("lets --config values override the stack file, bare keys belonging to the project", async () => {
        const resources = await runProgramDir(path.join(PROGRAMS, "ts-identity"), {
            preview: true,
            config: { domain: "override.example", "aws:region": "ap-south-2" },
        });
        assert.equal(find(resources, "identity").inputs.emailIdentity, "override.example");
        assert.equal(find(resources, "identity").provider?.properties.region, "ap-south-2");
    });

    it("runs the same program again, in another mode, with every registration", async () => {
        const dir = path.join(PROGRAMS, "ts-identity");
        const first = await runProgramDir(dir, { preview: true });
        const second = await runProgramDir(dir, { preview: false });
        assert.deepEqual(
            second.map((r) => r.urn),
            first.map((r) => r.urn),
        );
        assert.match(String(find(second, "dkim-0").inputs.name), /^[a-z0-9]{32}\._domainkey\.example\.org$/);
    });

    it("loads Pulumi.yaml main and awaits an exported async function", async () => {
        const resources = await runProgramDir(path.join(PROGRAMS, "js-main"), { preview: false, stack: "prod" });
        const v1 = find(resources, "v1");
        assert.equal(v1.urn, "urn:pulumi:prod::js-main::aws:ses/domainIdentity:DomainIdentity::v1");
        assert.match(String(v1.outputs.verificationToken), /=$/);
        assert.equal(find(resources, "js-main-prod").outputs.arn, v1.outputs.arn);
    });

    it("shows the program's error when it throws", async () => {
        await assert.rejects(runProgramDir(path.join(PROGRAMS, "throws"), { preview: true }), (err: unknown) => {
            assert.ok(err instanceof ProgramError);
            // The runner's own report (cmd/run/run.ts: "Running program ... failed with an unhandled exception"),
            // without its colours or the frames inside Node.js and node_modules.
            assert.match(
                err.message,
                /the program in .*throws failed:\n {2}Running program '.*throws\/' failed with an unhandled exception:\n {2}Error: the program broke on purpose\n {6}at .*index\.js:6:7/,
            );
            assert.doesNotMatch(err.message, /\u001b|node_modules|node:internal/);
            return true;
        });
    });

    it("rejects a directory without Pulumi.yaml", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-project-"));
        try {
            await assert.rejects(
                runProgramDir(dir, { preview: true }),
                (err: unknown) => err instanceof ProjectError && /has no Pulumi.yaml/.test(err.message),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
describe("engine: what the engine does that the mock runtime skips", function () {
    this.timeout(120_000);

    it("applies transforms through the program's callbacks: the resource's own, then its parents', then the stack's (source_eval.go RegisterResource)", async () => {
        const resources = await runProgramDir(path.join(PROGRAMS, "transforms"), { preview: true });
        const own = find(resources, "own");
        assert.equal(own.inputs.emailIdentity, "renamed.example.org");
        assert.deepEqual(own.inputs.tags, { order: "own,stack" });
        assert.equal(own.inputs.configurationSetName, "platform-default");
        const child = find(resources, "mail-identity");
        assert.deepEqual(child.inputs.tags, { order: "parent,stack" });
        assert.equal(child.inputs.configurationSetName, "platform-default");
        // Transforms never touch what they do not match.
        assert.deepEqual(find(resources, "mail").inputs, {});
    });

    it("keeps each registration's source position, the file and line of its `new` (the SDK's sourcePosition)", async () => {
        const dir = path.join(PROGRAMS, "ts-identity");
        const resources = await runProgramDir(dir, { preview: true });
        assert.deepEqual(find(resources, "identity").source, { file: path.resolve(dir, "index.ts"), line: 7 });
        assert.deepEqual(find(resources, "dkim-0").source, { file: path.resolve(dir, "index.ts"), line: 8 });
        // The engine's own resources have none: the default provider is not the program's.
        assert.equal(find(resources, "default_7_48_0").source, undefined);
    });

    it("tells of each resource as its registration arrives, a default provider before its first user (for Analyze while the program runs)", async () => {
        const told: string[][] = [];
        const resources = await runProgramDir(path.join(PROGRAMS, "ts-identity"), { preview: true, news: (added) => told.push(added.map((r) => r.name)) });
        assert.deepEqual(
            told.flat(),
            resources.map((r) => r.name),
        );
        assert.ok(
            told.some((batch) => batch.join() === "default_7_48_0,identity"),
            JSON.stringify(told),
        );
    });
});
