"""The official AWS client (boto3 `cognito-idp`) against mfa-server's /ecosuite/cognito.

Starts the real server binary (MFA_SERVER_BIN, default target/debug/mfa-server) on 127.0.0.1
with a fresh data folder, creates an account with the `user add` command, then: sign in,
enrol TOTP, set the MFA preference, sign in again answering SOFTWARE_TOKEN_MFA, GetUser,
and read /ecosuite/users/{sub}/mfa with the IdToken. TOTP codes come from the test's own
RFC 6238 oracle (hmac + hashlib), not from the server's code.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVER = os.environ.get(
    "MFA_SERVER_BIN", os.path.join(ROOT, "target", "debug", "mfa-server")
)
USERNAME = "carol"
PASSWORD = "correct horse battery"
CLIENT_ID = "otp-toolkit-wizard"


def totp(secret_base32, at=None, step=30, digits=6):
    """RFC 6238 TOTP (SHA-1) for a base32 secret, as authenticator apps compute it."""
    padded = secret_base32 + "=" * (-len(secret_base32) % 8)
    key = base64.b32decode(padded)
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def wait_for_next_step(step=30):
    """Sleeps into the next time step, so the next code is not a replay of the last one."""
    now = time.time()
    time.sleep(step - now % step + 0.5)


def other_code(secret_base32):
    """A code that is none of the codes the server accepts now (drift of one step)."""
    now = time.time()
    accepted = {totp(secret_base32, now + drift) for drift in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def jwt_claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class Server:
    """The server binary on 127.0.0.1 with a fresh data folder and one account."""

    def __init__(self, *serve_args):
        self.dir = tempfile.mkdtemp(prefix="mfa-boto3-")
        data = os.path.join(self.dir, "data")
        env = dict(os.environ, MFA_PASSWORD=PASSWORD, RUST_LOG="warn")
        subprocess.run(
            [SERVER, "user", "add", "--username", USERNAME,
             "--email", "carol@example.com", "--data", data],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )
        self.process = subprocess.Popen(
            [SERVER, "serve", "--listen", "127.0.0.1:0", "--data", data,
             "--static", self.dir, "--www", self.dir, *serve_args],
            env=env, stdout=subprocess.PIPE, text=True,
        )
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r}")
        self.base = match.group(1)
        self.idp = boto3.client(
            "cognito-idp",
            endpoint_url=f"{self.base}/ecosuite/cognito",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
            # A refused code must surface at once, not be retried.
            config=botocore.config.Config(retries={"max_attempts": 1}),
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Boto3AgainstServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.base = cls.server.base
        cls.idp = cls.server.idp

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def sign_in(self, password=PASSWORD):
        return self.idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": password},
            ClientId=CLIENT_ID,
        )

    def mfa_status(self, user_id, id_token, method="GET"):
        request = urllib.request.Request(
            f"{self.base}/ecosuite/users/{user_id}/mfa",
            headers={"Authorization": id_token},
            method=method,
        )
        with urllib.request.urlopen(request) as response:
            self.assertEqual(response.status, 200)
            return json.loads(response.read())

    def test_sign_in_enrol_totp_and_answer_the_challenge(self):
        with self.assertRaises(botocore.exceptions.ClientError) as wrong:
            self.sign_in("wrong password")
        self.assertEqual(wrong.exception.response["Error"]["Code"], "NotAuthorizedException")

        first = self.sign_in()
        self.assertNotIn("ChallengeName", first)
        tokens = first["AuthenticationResult"]
        self.assertEqual(tokens["TokenType"], "Bearer")
        self.assertEqual(tokens["ExpiresIn"], 3600)
        self.assertTrue(tokens["RefreshToken"])
        user_id = jwt_claims(tokens["IdToken"])["sub"]
        self.assertEqual(jwt_claims(tokens["IdToken"])["token_use"], "id")
        self.assertEqual(self.mfa_status(user_id, tokens["IdToken"]), {"mfa": "NOMFA"})

        access = tokens["AccessToken"]
        secret = self.idp.associate_software_token(AccessToken=access)["SecretCode"]
        self.assertRegex(secret, r"^[A-Z2-7]{32}$")
        with self.assertRaises(botocore.exceptions.ClientError) as mismatch:
            self.idp.verify_software_token(AccessToken=access, UserCode=other_code(secret))
        self.assertEqual(mismatch.exception.response["Error"]["Code"], "CodeMismatchException")
        verified = self.idp.verify_software_token(
            AccessToken=access, UserCode=totp(secret), FriendlyDeviceName="test phone"
        )
        self.assertEqual(verified["Status"], "SUCCESS")
        self.idp.set_user_mfa_preference(
            AccessToken=access,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )

        wait_for_next_step()
        challenge = self.sign_in()
        self.assertEqual(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA")
        self.assertNotIn("AuthenticationResult", challenge)
        with self.assertRaises(botocore.exceptions.ClientError) as mismatch:
            wrong_code = other_code(secret)
            self.idp.respond_to_auth_challenge(
                ClientId=CLIENT_ID,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=challenge["Session"],
                ChallengeResponses={"USERNAME": USERNAME, "SOFTWARE_TOKEN_MFA_CODE": wrong_code},
            )
        self.assertEqual(mismatch.exception.response["Error"]["Code"], "CodeMismatchException")
        answered = self.idp.respond_to_auth_challenge(
            ClientId=CLIENT_ID,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": USERNAME, "SOFTWARE_TOKEN_MFA_CODE": totp(secret)},
        )
        tokens = answered["AuthenticationResult"]

        user = self.idp.get_user(AccessToken=tokens["AccessToken"])
        self.assertEqual(user["Username"], USERNAME)
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        self.assertEqual(attributes["sub"], user_id)
        self.assertEqual(attributes["email"], "carol@example.com")
        self.assertEqual(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA")
        self.assertEqual(user["UserMFASettingList"], ["SOFTWARE_TOKEN_MFA"])

        self.assertEqual(
            self.mfa_status(user_id, tokens["IdToken"]), {"mfa": "SOFTWARE_TOKEN_MFA"}
        )
        with self.assertRaises(urllib.error.HTTPError) as unknown:
            self.mfa_status("999999", tokens["IdToken"])
        self.assertEqual(unknown.exception.code, 404)
        self.assertEqual(json.loads(unknown.exception.read()), {"message": "User not found"})
        unknown.exception.close()

        self.assertEqual(self.mfa_status(user_id, tokens["IdToken"], "DELETE"), {})
        self.assertEqual(self.mfa_status(user_id, tokens["IdToken"]), {"mfa": "NOMFA"})
        self.assertIn("AuthenticationResult", self.sign_in())


class Boto3MfaSetup(unittest.TestCase):
    """A pool that requires MFA: the first sign-in is answered with MFA_SETUP."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("--cognito-mfa-required")
        cls.idp = cls.server.idp

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_enrol_through_the_mfa_setup_challenge(self):
        challenge = self.idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
            ClientId=CLIENT_ID,
        )
        self.assertEqual(challenge["ChallengeName"], "MFA_SETUP")
        self.assertEqual(
            json.loads(challenge["ChallengeParameters"]["MFAS_CAN_SETUP"]),
            ["SOFTWARE_TOKEN_MFA"],
        )
        associated = self.idp.associate_software_token(Session=challenge["Session"])
        secret = associated["SecretCode"]
        verified = self.idp.verify_software_token(
            Session=associated["Session"], UserCode=totp(secret)
        )
        self.assertEqual(verified["Status"], "SUCCESS")
        answered = self.idp.respond_to_auth_challenge(
            ClientId=CLIENT_ID,
            ChallengeName="MFA_SETUP",
            Session=verified["Session"],
            ChallengeResponses={"USERNAME": USERNAME},
        )
        user = self.idp.get_user(AccessToken=answered["AuthenticationResult"]["AccessToken"])
        self.assertEqual(user["UserMFASettingList"], ["SOFTWARE_TOKEN_MFA"])
        again = self.idp.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
            ClientId=CLIENT_ID,
        )
        self.assertEqual(again["ChallengeName"], "SOFTWARE_TOKEN_MFA")


if __name__ == "__main__":
    unittest.main()
