# EMULATION of mongo:* (and cytomine/mongo): mongo-java-server with its H2 file backend in /data/db, and stand-in
# mongod, mongodump, mongorestore, mongo (< 6.0 only, as in the real images) and mongosh. Not MongoDB.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
ARG MONGO_VERSION
LABEL dev.lifeboat.testbed.role="mongo" dev.lifeboat.testbed.upstream="${UPSTREAM}" \
      dev.lifeboat.testbed.emulation="mongo-java-server (H2 backend) with stand-in tools; NOT MongoDB"
# What the server claims to be (the stand-in shells report it as version and featureCompatibilityVersion).
ENV MONGO_VERSION=${MONGO_VERSION}
RUN mkdir -p /data/db /data/configdb && chown mongodb:mongodb /data/db /data/configdb
VOLUME /data/db /data/configdb
EXPOSE 27017
ENTRYPOINT ["/usr/local/bin/entry-mongo"]
CMD ["mongod"]
