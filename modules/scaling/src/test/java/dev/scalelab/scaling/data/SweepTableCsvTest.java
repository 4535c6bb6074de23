package dev.scalelab.scaling.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV of `sweep table` (columns per docs/run-logs.md) feeds the loader with the default mapping. */
class SweepTableCsvTest {
    @Test
    void defaultMappingFallbackFiltersAndCounts(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("table.csv");
        Files.writeString(f, String.join("\n",
                "run_id,status,config.model.width,config.task,params,samples,flops,steps,final_train_loss,"
                        + "final_test_loss,best_train_loss,best_test_loss,wall_seconds",
                "aaaaaaaaaaaa,done,16,\"parity, 8 bits\",1000,64000,384000000,2000,0.9,1.0,0.9,1.0,2.5",
                "bbbbbbbbbbbb,done,32,\"parity, 8 bits\",2000,64000,768000000,2000,0.7,,0.7,,2.5",
                "cccccccccccc,diverged,64,\"parity, 8 bits\",4000,3200,76800000,100,,,,,0.3",
                "dddddddddddd,done,64,\"parity, 8 bits\",4000,64000,1536000000,2000,0.5,0.6,0.5,0.6,2.5",
                "eeeeeeeeeeee,done,128,\"parity, 8 bits\",8000,64000,3072000000,2000,0.4,0.5,0.4,0.5,2.5",
                "ffffffffffff,done,8,\"parity, 8 bits\",500,64000,192000000,2000,1.9,2.0,1.9,2.0,2.5",
                ""));
        FitPoints d = DatasetLoader.load(List.of(f), new DatasetLoader.Options(ColumnMapping.defaults(), 6,
                List.of(WhereFilter.parse("config.model.width>=16")), 1, List.of(DatasetLoader.Need.N,
                        DatasetLoader.Need.D)));
        assertEquals(6, d.rowsRead());
        assertEquals(1, d.excluded().get("status=diverged"));
        assertEquals(1, d.excluded().get("where config.model.width>=16"));
        assertEquals(1, d.excluded().get("drop-highest 1"));
        assertEquals(3, d.observations().size());
        assertEquals(d.rowsRead(), d.observations().size() + d.excludedTotal());
        assertEquals(1, d.notes().get("loss taken from final_train_loss (final_test_loss empty)"));
        assertEquals(0.7, d.observations().stream().filter(o -> o.n() == 2000).findFirst().orElseThrow().loss());
    }

    @Test
    void derivesDFromCAndN(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("pub.csv");
        Files.writeString(f, "Model Size,Training FLOP,loss\n1e8,6e18,3.0\n2e8,2.4e19,2.8\n");
        FitPoints d = DatasetLoader.load(List.of(f), new DatasetLoader.Options(
                ColumnMapping.parse("N=Model Size,C=Training FLOP,loss=loss"), 6, List.of(), 0,
                List.of(DatasetLoader.Need.N, DatasetLoader.Need.D)));
        assertEquals(1e10, d.observations().get(0).d(), 1e-3);
        assertEquals(2e10, d.observations().get(1).d(), 1e-3);
        assertEquals(2, d.notes().get("D derived as C/(k*N)"));
    }
}
