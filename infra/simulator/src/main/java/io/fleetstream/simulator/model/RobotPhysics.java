package io.fleetstream.simulator.model;

import io.fleetstream.simulator.random.DeterministicRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The physical state of one robot, advanced in fixed {@link #STEP_MS} steps: unicycle kinematics driving to
 * random waypoints with a wandering heading (a bounded random walk through the hall), a battery that drains with
 * load and recharges at the robot's dock, a motor whose temperature follows load through a first-order thermal lag,
 * a noisy CPU load, and the activity state machine behind the telemetry status.
 *
 * <p>The step is fixed so the state depends only on the seed and on elapsed time, never on how often or when the
 * caller samples it. Noteworthy transitions are reported as {@link LogLine}s.
 */
public final class RobotPhysics {

    public static final long STEP_MS = 50;
    static final double STEP_S = STEP_MS / 1000.0;

    public static final double LOW_BATTERY_PCT = 25;
    static final double CHARGED_PCT = 97;
    public static final double MOTOR_WARN_C = 75;
    public static final double MOTOR_TRIP_C = 85;
    static final double MOTOR_RESET_C = 60;
    static final double OVERHEAT_EXTRA_C = 70;
    static final double FAULT_DRAIN_PCT_PER_S = 0.5;

    private static final double MAX_SPEED = 1.6;
    private static final double MAX_ACCEL = 0.6;
    private static final double MAX_DECEL = 1.0;
    private static final double MAX_TURN_RATE = 1.2;
    private static final double ARRIVAL_RADIUS = 0.3;
    private static final double THERMAL_TAU_S = 90;
    private static final double HEAT_PER_LOAD_C = 55;
    private static final double CHARGE_PCT_PER_S = 0.30;
    private static final double MEAN_SECONDS_BETWEEN_ESTOPS = 45 * 60;
    private static final double THERMAL_RESPONSE = 1 - StrictMath.exp(-STEP_S / THERMAL_TAU_S);

    /** What the robot is doing; several activities map to one telemetry status. */
    private enum Activity {
        ON_MISSION(RobotStatus.ACTIVE),
        RETURNING_TO_DOCK(RobotStatus.ACTIVE),
        PARKED(RobotStatus.IDLE),
        CHARGING(RobotStatus.CHARGING),
        ESTOPPED(RobotStatus.ERROR),
        OVERHEATED(RobotStatus.ERROR),
        DEPLETED(RobotStatus.ERROR);

        private final RobotStatus status;

        Activity(RobotStatus status) {
            this.status = status;
        }

        public RobotStatus status() {
            return status;
        }
    }

    private final SiteLayout layout;
    private final SiteLayout.Point dock;
    private final int dockSlot;
    private final DeterministicRandom rng;
    private final double cruiseSpeed;
    private final double cpuBaseline;
    private final double ambientC;
    private final double drainScale;

    private double x;
    private double y;
    private double heading;
    private double speed;
    private double accel;
    private double wander;
    private double battery;
    private double motorTemp;
    private double load;
    private double cpu;
    private double cpuNoise;
    private double cpuSpike;
    private Activity activity;
    private SiteLayout.Point target;
    private double remainingS;
    private boolean motorWarned;
    private int missions;

    public RobotPhysics(SiteLayout layout, int dockSlot, DeterministicRandom rng) {
        this.layout = layout;
        this.dockSlot = dockSlot;
        this.dock = layout.dock(dockSlot);
        this.rng = rng;
        this.cruiseSpeed = rng.uniform(0.9, 1.4);
        this.cpuBaseline = rng.uniform(10, 28);
        this.ambientC = rng.uniform(19, 24);
        this.drainScale = rng.uniform(0.85, 1.15);
        this.heading = rng.uniform(-Math.PI, Math.PI);
        this.load = 0.1;
        this.motorTemp = ambientC + HEAT_PER_LOAD_C * 0.3 + 2 * rng.gaussian();
        double start = rng.nextDouble();
        if (start < 0.15) {
            activity = Activity.CHARGING;
            battery = rng.uniform(30, 80);
            x = dock.x();
            y = dock.y();
        } else {
            SiteLayout.Point p = layout.randomWaypoint(rng);
            x = p.x();
            y = p.y();
            battery = rng.uniform(LOW_BATTERY_PCT + 10, 100);
            if (start < 0.35) {
                activity = Activity.PARKED;
                remainingS = rng.uniform(2, 20);
            } else {
                activity = Activity.ON_MISSION;
                target = layout.randomWaypoint(rng);
            }
        }
        cpu = cpuBaseline;
    }

    /** Advances one {@link #STEP_MS} step; lines worth logging are appended to {@code events}. */
    public void step(boolean drainFault, boolean overheatFault, List<LogLine> events) {
        switch (activity) {
            case ON_MISSION -> {
                if (battery < LOW_BATTERY_PCT) {
                    returnToDock(events);
                } else if (driveTo(target)) {
                    waypointReached();
                }
            }
            case RETURNING_TO_DOCK -> {
                if (driveTo(dock)) {
                    startCharging(events);
                }
            }
            case PARKED -> {
                brake();
                remainingS -= STEP_S;
                if (remainingS <= 0) {
                    if (battery < LOW_BATTERY_PCT) {
                        returnToDock(events);
                    } else {
                        startMission(events);
                    }
                }
            }
            case CHARGING -> {
                brake();
                if (battery >= CHARGED_PCT) {
                    events.add(info("battery", "charging complete at %.1f%%, leaving dock %d", battery, dockSlot));
                    park(rng.uniform(3, 15));
                }
            }
            case ESTOPPED -> {
                brake();
                remainingS -= STEP_S;
                if (remainingS <= 0) {
                    events.add(info("nav", "emergency stop released, resuming operation"));
                    park(rng.uniform(2, 6));
                }
            }
            case OVERHEATED -> {
                brake();
                if (motorTemp < MOTOR_RESET_C) {
                    events.add(info("motor", "motor temperature back to %.1f C, drive re-enabled", motorTemp));
                    park(rng.uniform(5, 15));
                }
            }
            case DEPLETED -> brake();
        }
        updateLoad();
        updateBattery(drainFault);
        updateMotorTemperature(overheatFault);
        updateCpu();
        checkProtections(events);
    }

    private boolean driveTo(SiteLayout.Point goal) {
        double dx = goal.x() - x;
        double dy = goal.y() - y;
        double distance = StrictMath.hypot(dx, dy);
        wander += -wander * STEP_S / 4 + 0.25 * StrictMath.sqrt(STEP_S) * rng.gaussian();
        wander = clamp(wander, -0.5, 0.5);
        if (distance < ARRIVAL_RADIUS) {
            brake();
            return true;
        }
        double desired = StrictMath.atan2(dy, dx) + wander * Math.min(1, distance / 3);
        double error = wrapAngle(desired - heading);
        heading = wrapAngle(heading + clamp(error, -MAX_TURN_RATE * STEP_S, MAX_TURN_RATE * STEP_S));
        double desiredSpeed = Math.min(cruiseSpeed * Math.max(0.15, StrictMath.cos(error)),
                StrictMath.sqrt(2 * MAX_DECEL * 0.8 * distance));
        accelerateTowards(desiredSpeed);
        return false;
    }

    private void brake() {
        accelerateTowards(0);
    }

    private void accelerateTowards(double desiredSpeed) {
        accel = clamp((desiredSpeed - speed) / STEP_S, -MAX_DECEL, MAX_ACCEL);
        speed = Math.max(0, speed + accel * STEP_S);
        x = clamp(x + speed * StrictMath.cos(heading) * STEP_S, layout.scene().minX() + 0.4, layout.scene().maxX() - 0.4);
        y = clamp(y + speed * StrictMath.sin(heading) * STEP_S, layout.scene().minY() + 0.4, layout.scene().maxY() - 0.4);
    }

    private void waypointReached() {
        if (rng.chance(0.6)) {
            target = layout.randomWaypoint(rng);
            cpuSpike += rng.uniform(5, 15);
        } else {
            park(rng.uniform(5, 40));
        }
    }

    private void startMission(List<LogLine> events) {
        target = layout.randomWaypoint(rng);
        missions++;
        cpuSpike += rng.uniform(15, 35);
        activity = Activity.ON_MISSION;
        events.add(info("nav", "mission M-%04d assigned, goal (%.1f, %.1f)", missions, target.x(), target.y()));
    }

    private void returnToDock(List<LogLine> events) {
        activity = Activity.RETURNING_TO_DOCK;
        events.add(new LogLine(LogLevel.WARN, "battery",
                format("battery low (%.1f%%), returning to dock %d", battery, dockSlot)));
    }

    private void startCharging(List<LogLine> events) {
        x = dock.x();
        y = dock.y();
        speed = 0;
        accel = 0;
        activity = Activity.CHARGING;
        events.add(info("battery", "docked at charger %d, charging from %.1f%%", dockSlot, battery));
    }

    private void park(double seconds) {
        activity = Activity.PARKED;
        remainingS = seconds;
    }

    private void updateLoad() {
        if (activity == Activity.CHARGING) {
            load = 0.05;
        } else {
            double motion = 0.55 * speed / MAX_SPEED + 0.3 * Math.max(0, accel) / MAX_ACCEL;
            load = clamp(0.08 + motion + 0.03 * rng.gaussian(), 0, 1);
        }
    }

    private void updateBattery(boolean drainFault) {
        double change = -drainScale * (0.004 + 0.05 * load);
        if (activity == Activity.CHARGING) {
            change += battery < 80 ? CHARGE_PCT_PER_S : CHARGE_PCT_PER_S * (1 - 0.8 * (battery - 80) / 20);
        }
        if (drainFault) {
            change -= FAULT_DRAIN_PCT_PER_S;
        }
        battery = clamp(battery + change * STEP_S, 0, 100);
    }

    private void updateMotorTemperature(boolean overheatFault) {
        double equilibrium = ambientC + HEAT_PER_LOAD_C * load + (overheatFault ? OVERHEAT_EXTRA_C : 0);
        motorTemp += (equilibrium - motorTemp) * THERMAL_RESPONSE + 0.02 * rng.gaussian();
    }

    private void updateCpu() {
        cpuNoise += -cpuNoise * STEP_S / 5 + 3 * StrictMath.sqrt(2 * STEP_S / 5) * rng.gaussian();
        cpuSpike *= StrictMath.exp(-STEP_S / 2);
        cpu = clamp(cpuBaseline + 18 * load + cpuNoise + cpuSpike, 1, 100);
    }

    private void checkProtections(List<LogLine> events) {
        if (!motorWarned && motorTemp > MOTOR_WARN_C) {
            motorWarned = true;
            events.add(new LogLine(LogLevel.WARN, "motor", format("motor temperature high: %.1f C", motorTemp)));
        } else if (motorWarned && motorTemp < MOTOR_WARN_C - 5) {
            motorWarned = false;
        }
        if (activity == Activity.DEPLETED) {
            return;
        }
        if (battery <= 0) {
            activity = Activity.DEPLETED;
            events.add(new LogLine(LogLevel.ERROR, "battery", "battery depleted, drive shut down"));
        } else if (activity.status() != RobotStatus.ERROR && motorTemp > MOTOR_TRIP_C) {
            activity = Activity.OVERHEATED;
            events.add(new LogLine(LogLevel.ERROR, "motor",
                    format("motor over-temperature %.1f C, drive disabled", motorTemp)));
        } else if (activity == Activity.ON_MISSION && rng.chance(STEP_S / MEAN_SECONDS_BETWEEN_ESTOPS)) {
            activity = Activity.ESTOPPED;
            remainingS = rng.uniform(8, 30);
            events.add(new LogLine(LogLevel.ERROR, "nav", rng.pick(List.of(
                    "emergency stop: bumper contact", "emergency stop: protective field violated",
                    "emergency stop: button pressed by operator"))));
        }
    }

    /** Active condition codes, as reported in heartbeats. */
    public List<String> errorCodes() {
        List<String> codes = new ArrayList<>(2);
        switch (activity) {
            case ESTOPPED -> codes.add("ESTOP_ACTIVE");
            case OVERHEATED -> codes.add("MOTOR_OVERTEMP");
            case DEPLETED -> codes.add("BATTERY_DEPLETED");
            default -> {
                if (battery < LOW_BATTERY_PCT && activity != Activity.CHARGING) {
                    codes.add("BATTERY_LOW");
                }
                if (motorTemp > MOTOR_WARN_C) {
                    codes.add("MOTOR_TEMP_HIGH");
                }
            }
        }
        return codes;
    }

    public double value(Metric metric) {
        return switch (metric) {
            case BATTERY_PCT -> battery;
            case MOTOR_TEMP_C -> motorTemp;
            case CPU_PCT -> cpu;
            case POS_X -> x;
            case POS_Y -> y;
            case VELOCITY_MPS -> speed;
        };
    }

    public RobotStatus status() {
        return activity.status();
    }

    public double heading() {
        return heading;
    }

    public double load() {
        return load;
    }

    private static LogLine info(String source, String pattern, Object... args) {
        return new LogLine(LogLevel.INFO, source, format(pattern, args));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double wrapAngle(double a) {
        return StrictMath.IEEEremainder(a, 2 * StrictMath.PI);
    }
}
