#!/bin/sh
# Makes receiver.p12: a self-signed EC certificate for hooks.example (and its key), the
# TLS identity of the receiver in SenderTests, trusted by the sender under test and by
# nothing else. Valid for a century so that the fixture never expires under the tests.
set -eu
cd "$(dirname "$0")"
rm -f receiver.p12
"${JAVA_HOME:?JAVA_HOME must point at a JDK}/bin/keytool" -genkeypair -alias receiver -keyalg EC \
  -groupname secp256r1 -dname CN=hooks.example -ext SAN=dns:hooks.example -validity 36500 \
  -keystore receiver.p12 -storetype PKCS12 -storepass changeit -keypass changeit
