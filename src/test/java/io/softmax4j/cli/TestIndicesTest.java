package io.softmax4j.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TestIndicesTest {

    @Test
    void rangesAndSingleIndicesInTheOrderGiven() {
        assertEquals(List.of(0, 1, 2, 3, 9, 5, 6), TestIndices.parse("0-3, 9,5-6"));
        assertEquals(List.of(42), TestIndices.parse("42"));
    }

    @Test
    void badListsSayWhatIsWrong() {
        assertEquals("test index range 3-1 runs backwards; write 1-3",
                assertThrows(IllegalArgumentException.class, () -> TestIndices.parse("3-1")).getMessage());
        assertEquals("'-1' is not a list of test indices like 0-19 or 3,7,100-104",
                assertThrows(IllegalArgumentException.class, () -> TestIndices.parse("-1")).getMessage());
        assertEquals("'1,,2' is not a list of test indices like 0-19 or 3,7,100-104",
                assertThrows(IllegalArgumentException.class, () -> TestIndices.parse("1,,2")).getMessage());
        assertEquals("at most 100000 test indices at once, got more in 0-2000000000",
                assertThrows(IllegalArgumentException.class, () -> TestIndices.parse("0-2000000000")).getMessage());
    }
}
