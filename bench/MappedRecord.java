import java.io.File;

import com.calendlysync.mapping.InviteeMapper;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints the record the app's own mapper makes from a webhook sample, for the pgbench run that
 * measures what the ingest function alone costs the database.
 * Run: java -cp "target/classes:target/lib/*" bench/MappedRecord.java sample.json
 */
public class MappedRecord {
    public static void main(String[] args) throws Exception {
        var envelope = new ObjectMapper().readTree(new File(args[0]));
        System.out.print(new InviteeMapper().fromWebhook(envelope, envelope.get("event").asText()).record());
    }
}
