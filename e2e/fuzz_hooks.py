"""Schemathesis hooks for scripts/api-fuzz.sh: the addresses of one client's file use a client that exists
(FUZZ_CLIENT_ID), so that the generated bodies reach the handlers instead of all answering 404."""

import os

import schemathesis

CLIENT = os.environ.get("FUZZ_CLIENT_ID")


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    if CLIENT and path_parameters and ctx.operation.path.startswith("/api/v1/clients/{id}"):
        path_parameters["id"] = int(CLIENT)
    return path_parameters
