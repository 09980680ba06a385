package dev.warden.it.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads and writes owners and pets; {@code /reports} writes a file wherever it is told (an access no policy expects). */
@RestController
public class ClinicController {

    private final OwnerRepository owners;
    private final PetRepository pets;

    public ClinicController(OwnerRepository owners, PetRepository pets) {
        this.owners = owners;
        this.pets = pets;
    }

    @GetMapping("/owners")
    public List<Owner> owners(@RequestParam(required = false) String city) {
        return city == null ? owners.findAll() : owners.findByCityOrderByName(city);
    }

    @GetMapping("/owners/{id}")
    public ResponseEntity<Owner> owner(@PathVariable long id) {
        return ResponseEntity.of(owners.findById(id));
    }

    @PostMapping("/owners")
    public Owner addOwner(@RequestBody Map<String, String> body) {
        return owners.save(new Owner(body.get("name"), body.get("city")));
    }

    @PutMapping("/owners/{id}/city")
    @Transactional
    public ResponseEntity<Owner> move(@PathVariable long id, @RequestBody String city) {
        return ResponseEntity.of(owners.findById(id).map(owner -> {
            owner.setCity(city);
            return owner;
        }));
    }

    @PostMapping("/owners/{id}/pets")
    @Transactional
    public ResponseEntity<Pet> addPet(@PathVariable long id, @RequestBody Map<String, String> body) {
        return ResponseEntity.of(owners.findById(id).map(owner -> pets.save(new Pet(body.get("name"), body.get("kind"), owner))));
    }

    @GetMapping("/pets")
    public List<Pet> pets(@RequestParam String kind) {
        return pets.findByKindOrderByName(kind);
    }

    @DeleteMapping("/pets/{id}")
    public void removePet(@PathVariable long id) {
        pets.deleteById(id);
    }

    @PostMapping("/reports")
    public String report(@RequestParam String file) throws IOException {
        String csv = owners.findAll().stream().map(o -> o.getId() + "," + o.getName() + "," + o.getCity())
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(Path.of(file), csv);
        return "written " + file;
    }

    /** Any failure answers 500 with the message of its root cause, so a client sees why. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> failed(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(String.valueOf(root.getMessage()));
    }
}
