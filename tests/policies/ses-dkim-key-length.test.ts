import * as assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sesPrivateKeyValue } from "../../records";
import { MODES, runProgram, show, usePack } from "./pack-harness";

const POLICY = "ses-dkim-key-length";

/** A BYODKIM private key of `bits`, as SES takes it (bare base64 DER). */
function sesKey(bits: number): string {
    const pem = generateKeyPairSync("rsa", {
        modulusLength: bits,
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
    }).privateKey;
    return sesPrivateKeyValue(pem);
}

const KEY_1024 = sesKey(1024);
const KEY_2048 = sesKey(2048);

// RFC 8301 section 3.2: signers MUST use at least 1024 bits and SHOULD use at least 2048. AWS SES offers both for Easy
// DKIM (DkimSigningAttributes.NextSigningKeyLength RSA_1024_BIT | RSA_2048_BIT,
// https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimSigningAttributes.html) and takes BYODKIM keys of
// 1024 to 2048 bits (https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-bring-your-own.html).
describe(`policies: ${POLICY}`, () => {
    const pack = usePack();

    for (const { preview, label } of MODES) {
        describe(label, () => {
            it("advises 2048 bits for an Easy DKIM nextSigningKeyLength of RSA_1024_BIT, and passes RSA_2048_BIT", async () => {
                const short = await runProgram(
                    pack(),
                    () =>
                        new aws.sesv2.EmailIdentity("identity", {
                            emailIdentity: "example.com",
                            dkimSigningAttributes: { nextSigningKeyLength: "RSA_1024_BIT" },
                        }),
                    { preview },
                );
                const [d, ...rest] = short.of(POLICY);
                assert.equal(rest.length, 0, show(short.of(POLICY)));
                assert.equal(d?.enforcementLevel, "advisory", show(short.diagnostics));
                assert.match(
                    d.message,
                    /SES v2 identity example\.com \(resource 'identity'\): nextSigningKeyLength is RSA_1024_BIT[^]*Instead: set nextSigningKeyLength: "RSA_2048_BIT"/,
                );
                const long = await runProgram(
                    pack(),
                    () =>
                        new aws.sesv2.EmailIdentity("identity", {
                            emailIdentity: "example.com",
                            dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
                        }),
                    { preview },
                );
                assert.deepEqual(long.of(POLICY), [], show(long.of(POLICY)));
            });

            it("advises 2048 bits for a 1024-bit BYODKIM key, plain or secret, without showing the key, and passes a 2048-bit one", async () => {
                for (const key of [KEY_1024, pulumi.secret(KEY_1024)]) {
                    const run = await runProgram(
                        pack(),
                        () =>
                            new aws.sesv2.EmailIdentity("identity", {
                                emailIdentity: "example.com",
                                dkimSigningAttributes: { domainSigningSelector: "s1", domainSigningPrivateKey: key },
                            }),
                        { preview },
                    );
                    const [d, ...rest] = run.of(POLICY);
                    assert.equal(rest.length, 0, show(run.of(POLICY)));
                    assert.match(
                        d?.message ?? "",
                        /its BYODKIM domainSigningPrivateKey is a 1024-bit RSA key; 2048 bits is advised[^]*rsaBits: 2048/,
                        show(run.diagnostics),
                    );
                    assert.ok(!d.message.includes(KEY_1024.slice(0, 40)), "the key is never echoed");
                }
                const run = await runProgram(
                    pack(),
                    () =>
                        new aws.sesv2.EmailIdentity("identity", {
                            emailIdentity: "example.com",
                            dkimSigningAttributes: { domainSigningSelector: "s1", domainSigningPrivateKey: KEY_2048 },
                        }),
                    { preview },
                );
                assert.deepEqual(run.of(POLICY), [], show(run.of(POLICY)));
            });
        });
    }
});
