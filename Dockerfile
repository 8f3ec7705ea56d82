# Builds the app with Maven and runs it on a JRE; routes/ and application.properties stay
# outside the jar's classpath folder so the integration team can mount their own.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml application.properties ./
COPY src ./src
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/calendly-sync.jar ./calendly-sync.jar
COPY --from=build /src/target/lib ./lib
COPY routes ./routes
COPY application.properties ./application.properties
ENV HTTP_PORT=8080 CALENDLY_DATA_DIR=/app/data
EXPOSE 8080
CMD ["java", "-jar", "calendly-sync.jar"]
