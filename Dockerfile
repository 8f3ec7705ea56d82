# Builds the app with Maven and runs it on a JRE; routes/ and application.properties stay
# outside the jar's classpath folder so the integration team can mount their own.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml application.properties ./
COPY src ./src
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
# not root: nothing here needs it, and the embedded PostgreSQL (no DATABASE_URL) refuses to run as root
RUN groupadd --system --gid 10001 calendly \
 && useradd --system --uid 10001 --gid calendly --home-dir /app --shell /usr/sbin/nologin calendly \
 && mkdir -p /app/data && chown calendly:calendly /app/data
WORKDIR /app
COPY --from=build /src/target/calendly-sync.jar ./calendly-sync.jar
COPY --from=build /src/target/lib ./lib
COPY routes ./routes
COPY application.properties ./application.properties
USER calendly
# memory bounded as in the README's run command (bench/memory-bench.sh measures it): the java
# launcher reads JDK_JAVA_OPTIONS, so `docker run -e JDK_JAVA_OPTIONS=...` changes it
ENV HTTP_PORT=8080 CALENDLY_DATA_DIR=/app/data MALLOC_ARENA_MAX=2 \
    JDK_JAVA_OPTIONS="-Xms64m -Xmx256m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k -XX:+UseSerialGC"
EXPOSE 8080
CMD ["java", "-jar", "calendly-sync.jar"]
