"""An MCP client nobody here wrote (the official Python SDK, PyPI `mcp`)
driving a tool's MCP server; tests/mcp.rs runs it and checks its report.

    client.py stdio BINARY [ARGS...]   start `BINARY ARGS` and talk over stdio
    client.py http URL TOKEN           connect to a Streamable HTTP server

It lists the tools, then makes each call given as JSON lines on stdin
(`{"name": ..., "arguments": {...}}`), and prints one JSON report: the
tools (name, annotations, whether an output schema is given), the size of
the tools/list answer, and each call's isError, text and structured
content. The SDK validates structured content against output schemas.
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def session_report(read, write, calls):
    async with ClientSession(read, write) as session:
        await session.initialize()
        listed = await session.list_tools()
        report = {
            "tools": [
                {
                    "name": tool.name,
                    "annotations": tool.annotations.model_dump(exclude_none=True)
                    if tool.annotations
                    else {},
                    "output_schema": tool.output_schema is not None,
                    "input_schema": tool.input_schema,
                }
                for tool in listed.tools
            ],
            "list_bytes": len(listed.model_dump_json(exclude_none=True, by_alias=True)),
            "calls": [],
        }
        for call in calls:
            result = await session.call_tool(call["name"], call.get("arguments") or {})
            report["calls"].append(
                {
                    "name": call["name"],
                    "is_error": bool(result.is_error),
                    "text": "".join(c.text for c in result.content if c.type == "text"),
                    "structured": result.structured_content,
                }
            )
        return report


async def main():
    mode = sys.argv[1]
    calls = [json.loads(line) for line in sys.stdin if line.strip()]
    if mode == "stdio":
        # As a host's `mcpServers` entry passes its `env`: here, ours.
        params = StdioServerParameters(command=sys.argv[2], args=sys.argv[3:], env=dict(os.environ))
        async with stdio_client(params) as (read, write):
            report = await session_report(read, write, calls)
    else:
        url, token = sys.argv[2], sys.argv[3]
        client = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
        async with client:
            async with streamable_http_client(url, http_client=client) as streams:
                read, write = streams[0], streams[1]
                report = await session_report(read, write, calls)
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(main())
