import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ProgramError, runProgram } from "../../testing/mock-capture";

const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";

class Mailer extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Mailer", name, {});
        const identity = new aws.sesv2.EmailIdentity(`${name}-identity`, { emailIdentity: "example.com" }, { parent: this, import: "example.com" });
        this.registerOutputs({ arn: identity.arn, domain: "example.com" });
    }
}

describe("engine: program-run (what the components' tests read from a run)", () => {
    const config = { "aws:region": "eu-west-1" };

    it("returns the stack outputs, each component's registered outputs and the import ids asked for", async () => {
        const run = await runProgram(
            () => {
                new Mailer("mailer");
                new aws.sesv2.EmailIdentity("fresh", { emailIdentity: "fresh.example.com" });
                return { answer: 42, domain: pulumi.output("example.com") };
            },
            { preview: false, config },
        );
        assert.deepEqual(run.stackOutputs, { answer: 42, domain: "example.com" });
        const mailer = run.resources.find((r) => r.type === "test:index:Mailer");
        assert.deepEqual(run.componentOutputs.get(mailer?.urn ?? ""), {
            arn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
            domain: "example.com",
        });
        const imported = run.resources.find((r) => r.type === IDENTITY && r.name === "mailer-identity");
        assert.deepEqual([...run.importIds], [[imported?.urn, "example.com"]]);
    });

    it("records pulumi.log messages with their severity", async () => {
        const run = await runProgram(
            () => {
                pulumi.log.info("hello");
                pulumi.log.warn("careful");
            },
            { preview: true, config },
        );
        assert.deepEqual(run.logs, [
            { severity: "info", message: "hello" },
            { severity: "warn", message: "careful" },
        ]);
    });

    it("answers invokes from the run's own answers, records them, and fails on one it does not answer", async () => {
        const getRegion = "aws:index/getRegion:getRegion";
        const answered = await runProgram(
            () => {
                void aws.getRegionOutput({});
            },
            { preview: false, config, invokes: { [getRegion]: () => ({ id: "af-south-1", name: "af-south-1", region: "af-south-1" }) } },
        );
        assert.deepEqual(
            answered.invokes.map((c) => c.token),
            [getRegion],
        );
        await assert.rejects(
            runProgram(
                () => {
                    void aws.getCallerIdentityOutput({});
                },
                { preview: false, config, invokes: { [getRegion]: () => ({}) } },
            ),
            (err: unknown) =>
                err instanceof ProgramError && /'aws:index\/getCallerIdentity:getCallerIdentity', which this run does not answer/.test(err.message),
        );
    });
});
