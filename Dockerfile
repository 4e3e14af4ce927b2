# The same steps CI runs: Node 20, pnpm 12.4.2, a frozen install, then `pnpm start`.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build \
 && mkdir -p /data && chown -R node:node /data /app/apps/web/dist
USER node
ENV PORT=8787 CELLWATCH_DB=/data/cellwatch.db
EXPOSE 8787
CMD ["pnpm", "start"]
